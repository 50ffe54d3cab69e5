"""Stage 2, the format (thể thức): the rules a document follows and the office it comes from. Profiles
HD 36 / NĐ 30 (profiles.py), document types (doctypes.py), the office configuration and project paths
(config.py), số ký hiệu (numbering.py), text widths (layout.py), the render context (context.py), and
reading records against those rules: record_parser.py parses one record (its type must exist, its
issuing body and signer must be in the office config) and loading.py loads every record of a project.
The packaged data lives here, in generator/format/data/ (profiles, loai-van-ban.yaml, the register
layout so-dang-ky.yaml, the site's mkdocs.yml and assets; datadir.py names the folder). It may import
generator.model (and generator.atomic), nothing above.
"""
