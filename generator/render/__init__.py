"""Stage 3, rendering documents: .docx templates (template_builder.py), filling them from a record
(docx_render.py), PDF through LibreOffice (pdf.py), version comparison and the comparison table
(compare.py, compare_docx.py). It receives records (loading them through format.loading where a
whole project is needed) and may import model and format; the site (render/site/) sits higher, above
records, because its pages show the register, the versions and the deadlines.
"""
