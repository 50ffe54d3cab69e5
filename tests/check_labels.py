"""Every finding `vanban check` gave on the real documents of tests/data/real-docs/, before issue 14
(commit 4553d4d9, annexes forced to --profile nha-nuoc as they were measured) and after it, labelled by
reading the document against the text of the rule the finding cites.

LABELS[file] = [(code, paragraph, true?, why), …] — paragraph is the finding's first paragraph
(None: the whole document). A finding is true when the document really breaks the rule as its text
reads (ND 30 PL I for the State; HD 36 itself, whose own text is in 01/02, for the Party); false when
the checker misread the document (a rule typed as underscores, a wrapped line, an example inside a
guideline …). `KNOWN_FALSE` lists false findings still reported (what is left to do).

Guideline references: ND 30 PL I = Nghị định 30/2020/NĐ-CP, Phụ lục I (tests/data/real-docs/41-…);
HD 36 = Hướng dẫn 36-HD/VPTW (01-…, its own sections II.1.x, II.4.x).
"""

from __future__ import annotations

T, F = True, False

# HD 36 (01 .docx, 02 the same text as a Word 97 .doc): a LawSoft retyping in Arial 10 pt with 10 mm
# margins, so nearly every size/font finding is true; the sample forms and examples the guideline
# quotes inside its text were misread as its own body and closing before.
_HD36_COMMON = [
    ("trang.le", None, T, "lề trên/dưới 10 mm, phải 20 mm; HD 36 II.4.3 wants 20/20/30/15"),
    ("so_trang.thieu", None, T, "many pages, no PAGE field anywhere (HD 36 II.4.4)"),
    ("phong_chu.sai", 1, T, "the runs are Arial; HD 36 II.4.1 / Phụ lục 3: Times New Roman"),
    ("co_quan_cap_tren.co_chu", 1, T, "BAN CHẤP HÀNH TRUNG ƯƠNG at 10 pt; Phụ lục 3: 14 pt"),
    ("co_quan.co_chu", 1, T, "VĂN PHÒNG at 10 pt; Phụ lục 3: 14 pt"),
    ("duoi_co_quan.thieu", 1, T, "under VĂN PHÒNG the copy types '-------', HD 36 II.1.2 wants the star '*'"),
    ("tieu_de.co_chu", 2, T, "ĐẢNG CỘNG SẢN VIỆT NAM at 10 pt; 15 pt [Q]"),
    ("tieu_de.gach_duoi", 2, F, "a '---------------' line is typed under it (Shift+Enter): that is its rule (class 1)"),
    ("so_ky_hieu.co_chu", 3, T, "10 pt; 14 pt"),
    ("so_ky_hieu.mau", 3, T, "'Số: 36-HD/VPTW' has a colon; the Party form is 'Số 36-HD/VPTW' (HD 36 II.1.3)"),
    ("ngay_thang.co_chu", 4, T, "10 pt; 14 pt"),
    ("ngay_thang.can_le", 4, T, "date right-aligned; HD 36 sơ đồ: centred under the tiêu đề"),
    ("ten_loai.co_chu", 6, T, "HƯỚNG DẪN at 12 pt; 15–16 pt [Q]"),
    ("chu_the.co_chu", 7, F, "line 7 is the trích yếu typed in capitals, not a chủ thể (now trich_yeu.*)"),
    ("chu_the.dam", 7, F, "same line: the trích yếu, now reported as trich_yeu.dam"),
    ("trich_yeu.co_chu", 7, T, "the trích yếu at 10 pt; 14–15 pt (HD 36 II.1.5, Phụ lục 3)"),
    ("trich_yeu.dam", 7, T, "the trích yếu is not bold; Phụ lục 3: bold"),
    ("duoi_trich_yeu.thieu", 7, T, "no '-----' under the trích yếu (warning: the dashes are [S])"),
    ("doan.co_chu", 8, T, "body at 10 pt; 14–15 pt [Q]"),
    ("doan.can_le", 8, T, "body left-aligned, not justified (warning: [S])"),
    ("tieu_de_chuong.co_chu", 9, T, "I- HƯỚNG DẪN CHUNG at 10 pt"),
    ("khoan_tieu_de.co_chu", 10, T, "10 pt (warning: khoản formats are [S] for the Party)"),
    ("khoan_tieu_de.can_le", 10, T, "left-aligned (warning)"),
    ("gach.co_chu", 19, T, "10 pt (warning)"),
    ("gach.can_le", 19, T, "left-aligned (warning)"),
    ("khoan.co_chu", 25, T, "10 pt (warning)"),
    ("khoan.dam", 25, T, "'1.1. Tiêu đề …' bold: HD 36 gives no format for this level (warning)"),
    ("khoan.nghieng", 25, T, "italic (warning)"),
    ("khoan.can_le", 25, T, "left-aligned (warning)"),
    ("khoan_tieu_de.dam", 26, T, "'1.1.1. Thể thức' not bold (warning)"),
    ("khoan_tieu_de.nghieng", 26, T, "italic (warning)"),
    ("doan.can_le", 31, F, "'ĐẢNG CỘNG SẢN VIỆT NAM' quoted as an example in the text, centred on purpose"),
    ("doan.dam", 31, F, "the same quoted examples"),
    ("diem.co_chu", 35, T, "10 pt (warning)"),
    ("diem.can_le", 35, T, "left-aligned (warning)"),
    ("bo_cuc.thu_tu", 141, F, "a) is at 135; a plain paragraph (138) inside a) made the grammar restart (KNOWN_FALSE)"),
    ("doan.nghieng", 193, F, "'Hà Nội,' and the other place names are examples set as they appear in a header"),
    ("doan.dam", 300, F, "example signature blocks (T/M ĐOÀN CHỦ TỊCH …) quoted in the text"),
    ("doan.can_le", 300, F, "the same examples"),
    ("quyen_han.co_chu", 291, F, "an example signature in the text, not the document's own (class 8)"),
    ("chuc_vu.co_chu", 293, F, "example in the text"),
    ("chuc_vu.dam", 293, F, "example in the text"),
    ("noi_nhan.co_chu", 298, F, "'- Trường hợp …' is a body item, read as recipients after the example signature"),
    ("noi_nhan.dau_cau", 298, F, "body items read as recipients"),
    ("noi_nhan.dau_cau", 349, F, "body items read as recipients"),
    ("noi_nhan.dau_cau", 376, F, "body items read as recipients"),
    ("noi_nhan_tieu_de.chu", 419, F, "'Nơi nhận văn bản xác định …' is a sentence, not the Nơi nhận title"),
    ("noi_nhan_tieu_de.co_chu", 419, F, "the same sentence"),
    ("noi_nhan_tieu_de.gach_chan", 419, F, "the same sentence"),
    ("noi_nhan.dau_cau", 468, F, "body items read as recipients"),
    ("noi_nhan_tieu_de.co_chu", 501, T, "the real 'Nơi nhận:' at 10 pt; 14 pt (warning: [S])"),
    ("noi_nhan_tieu_de.dam", 501, T, "bold; HD 36 form: upright, underlined, not bold (warning)"),
    ("noi_nhan_tieu_de.nghieng", 501, T, "italic (warning)"),
    ("noi_nhan_tieu_de.gach_chan", 501, T, "not underlined (warning)"),
    ("noi_nhan.co_chu", 501, T, "recipients at 8 pt; 12 pt (warning)"),
    ("quyen_han.co_chu", 502, T, "K/T CHÁNH VĂN PHÒNG at 10 pt (warning)"),
    ("chuc_vu.co_chu", 502, T, "10 pt (warning)"),
    ("chuc_vu.dam", 502, T, "PHÓ CHÁNH VĂN PHÒNG bold; Party chức vụ not bold [S] (warning)"),
    ("ho_ten.co_chu", 502, T, "Bùi Văn Thạch at 10 pt (warning)"),
]


def _hd36(offset_after_550: int, extra: list) -> list:
    """The .doc converts to the same paragraphs, one fewer after ~550 (an empty paragraph LibreOffice drops)."""
    tail = [("noi_nhan.dau_cau", 559, F, "items of the annexes' sample forms read as recipients"),
            ("noi_nhan.dau_cau", 565, F, "annex sample forms"),
            ("noi_nhan.dau_cau", 613, F, "annex sample forms"),
            ("noi_nhan.dau_cau", 625, F, "annex sample forms"),
            ("noi_nhan.dau_cau", 637, F, "annex sample forms"),
            ("noi_nhan.dau_cau", 649, F, "annex sample forms"),
            ("noi_nhan.dau_cau", 691, F, "annex sample forms"),
            ("noi_nhan.dau_cau", 697, F, "annex sample forms"),
            ("noi_nhan_tieu_de.can_le", 708, F, "a 'Nơi nhận:' inside an annex diagram"),
            ("noi_nhan.dau_cau", 724, F, "annex sample forms"),
            ("noi_nhan.dau_cau", 748, F, "annex sample forms"),
            ("noi_nhan.luu", 748, F, "annex sample forms"),
            ("ho_ten.dam", 776, F, "'2; 16; 28…' is a page-number example, not a name")]
    return _HD36_COMMON + [(c, p + offset_after_550, v, r) for c, p, v, r in tail] + extra


LABELS: dict[str, list] = {
    "01-hd-36-vptw-the-thuc-van-ban-dang.docx": _hd36(0, []),
    "02-hd-36-vptw-the-thuc-van-ban-dang.doc": _hd36(-1, [
        ("doan.co_chu", 301, T, "after conversion these example lines are 12 pt; body 14–15 pt"),
        ("doan.co_chu", 400, T, "10 and 12 pt; body 14–15 pt"),
    ]),
    "03-qd-1424-ubnd-binh-thuan-dieu-le-hiep-hoi-dn.docx": [
        ("trang.le", None, T, "bottom margin 12,5 mm; ND 30 PL I I.3: 20–25"),
        ("so_ky_hieu.co_chu", 4, T, "14 pt; II.3 / Mục V: 13 pt"),
        ("so_ky_hieu.dam", 4, T, "some characters of the number bold; upright, not bold"),
        ("duoi_trich_yeu.thieu", 12, F, "the trích yếu goes on in paragraph 13 and the line shape is under it"),
        ("doan.can_le", 13, F, "paragraph 13 is the trích yếu's second line (typed with Enter)"),
        ("doan.dam", 13, F, "the same second line of the trích yếu"),
        ("doan.nghieng", 16, F, "căn cứ lines: 'Theo đề nghị' typed as decomposed Unicode was not recognised"),
        ("noi_nhan.dau_cau", 26, T, "'- Lưu: VT, NCKS.Châu' has no final '.' (II.9.b)"),
        ("noi_nhan.luu", 26, F, "it is a Lưu line; its only fault, the missing '.', is the dau_cau finding"),
    ],
    "05-kh-ubnd-lam-dong-cchc-2026-2030.docx": [
        ("trang.le", None, T, "a landscape section with a 20 mm left margin (warning: the rule gives portrait margins)"),
        ("can_cu.nghieng", 10, T, "the căn cứ lines are upright (warning: a kế hoạch has no căn cứ in its PL III form)"),
        ("can_cu.dau_cau", 12, T, "the last căn cứ ends ';' (warning, same reason)"),
        ("khoan_tieu_de.dam", 127, T, "'7. Công tác chỉ đạo, điều hành' is a title on its own line, not bold, "
                                      "while khoản 1–6 are bold (II.6.đ)"),
        ("doan.can_le", 136, F, "'(Phân công nhiệm vụ theo Phụ lục …)' is a note in brackets, not a paragraph"),
        ("doan.nghieng", 136, F, "the same note"),
        ("ho_ten.dam", 514, F, "'Năm 2026' in an annex table is not a signer's name"),
    ],
    "07-ttr-snv-lam-dong-bc-cchc-2025.docx": [
        ("so_ky_hieu.can_le", 7, T, "left-aligned and pushed with spaces (warning: it reads centred)"),
        ("duoi_trich_yeu.thieu", 11, F, "the trích yếu's second line is paragraph 12; a line is drawn under it"),
        ("doan.can_le", 12, F, "second line of the trích yếu"),
        ("doan.dam", 12, F, "second line of the trích yếu"),
    ],
    "08-tb-ubnd-lam-dong-ket-luan-hoi-nghi-cchc.docx": [
        ("so_trang.can_le", 1, F, "an 'even' footer that Word never prints (no Different Odd & Even Pages)"),
        ("so_ky_hieu.co_chu", 3, T, "14 pt; 13 pt"),
        ("phong_chu.sai", 8, T, "font named 'Times New Roman Bold' (warning: the page reads the same)"),
        ("bo_cuc.thu_tu", 45, T, "khoản 7 follows khoản 5"),
        ("noi_nhan.dau_cau", 63, T, "'- Lưu: VT, NC.Châu' has no final '.'"),
        ("noi_nhan.luu", 63, F, "a Lưu line; the missing '.' is the dau_cau finding"),
    ],
    "10-cv-snv-lam-dong-bao-cao-hoi-2025.docx": [
        ("so_trang.vi_tri", None, T, "the page number is in the footer; I.7: in the top margin"),
        ("trang.le", None, T, "bottom margin 12 mm"),
        ("co_quan.co_chu", 1, T, "SỞ NỘI VỤ 14 pt; 12–13"),
        ("co_quan_cap_tren.co_chu", 1, T, "UBND TỈNH LÂM ĐỒNG 14 pt; 12–13"),
        ("duoi_co_quan.thieu", 1, F, "the rule under SỞ NỘI VỤ is typed / drawn in the cell"),
        ("so_trang.can_le", 1, T, "footer page number right-aligned; centred"),
        ("so_ky_hieu.co_chu", 3, T, "14 pt; 13"),
        ("trich_yeu_cong_van.co_chu", 4, T, "V/v line 14 pt; 12–13"),
        ("kinh_gui.can_le", 6, F, "ND 30 states no alignment for 'Kính gửi' (ô 9a of the sơ đồ, centred in the forms)"),
        ("noi_nhan_tieu_de.co_chu", 11, T, "'Nơi nhận:' 11 pt; 12"),
    ],
    "12-kh-ubnd-lam-dong-tuyen-truyen-cchc-2026.docx": [
        ("trang.le", None, T, "margins 18/18/28 mm"),
        ("so_trang.can_le", 1, F, "the 'even' header is never printed; the default one is centred"),
        ("duoi_co_quan.thieu", 2, F, "the line is drawn in the header table's next row, under the name"),
        ("tieu_ngu.gach_duoi", 4, F, "the line is drawn in the next row, under the tiêu ngữ"),
        ("diem.dam", 44, T, "điểm a) set wholly in bold; điểm are upright, plain"),
        ("khoan.dam", 163, F, "'1. Sở Nội vụ:' is a khoản title on its own line: bold is right"),
        ("bo_cuc.thu_tu", 177, T, "điểm e) after d): đ) missing"),
        ("noi_nhan.dau_cau", 207, T, "'- Lưu: VT, NC.Châu' has no final '.'"),
        ("noi_nhan.luu", 207, F, "a Lưu line; the dau_cau finding covers it"),
        ("chuc_vu.can_le", 209, T, "left-aligned and pushed with spaces (warning)"),
    ],
    "25-gm-45-ubnd-lam-dong-bcd-du-lieu.doc": [
        ("trang.le", None, T, "top 15, bottom 17,5 mm"),
        ("so_trang.co_chu", 1, T, "page number 12 pt; 13–14 (I.7)"),
        ("ngay_thang.thieu", 7, T, "the date line reads 'ngày 12 háng 01': it is not a date line of II.4"),
        ("muc.can_le", 14, F, "'I. Thành phần dự họp:' is a Roman part of a giấy mời, not a 'Mục 1' heading"),
        ("tieu_de_chuong.chu_hoa", 14, T, "Roman part not in capitals (warning: the text states no format for it)"),
        ("muc.dam", 27, T, "'II. Nội dung: …' partly not bold; now reported as tieu_de_chuong.dam"),
        ("tieu_de_chuong.dam", 27, T, "the same fault (warning)"),
        ("gach.co_chu", 37, T, "12 pt; body 13–14"),
        ("noi_nhan.dau_cau", 44, T, "'- Lưu: VT, NC.Châu' has no final '.'"),
        ("noi_nhan.luu", 44, F, "a Lưu line; the dau_cau finding covers it"),
    ],
    "27-ct-09-2009-ubnd-binh-duong.doc": [
        ("so_trang.thieu", None, T, "several pages, no page numbers"),
        ("so_ky_hieu.mau", 4, F, "'Số: 09/2009/CT-UBND' is the legal-document form (number/year/code) (class 2)"),
        ("bo_cuc.thu_tu", 37, T, "điểm e) after d)"),
        ("noi_nhan_tieu_de.nghieng", 42, F, "only the ':' is upright: the page reads the same"),
        ("noi_nhan.co_chu", 43, T, "recipients 12 pt; 11"),
        ("noi_nhan.luu", 54, T, "'- Lưu VT.' has no colon after Lưu (II.9.b)"),
    ],
    "29-kh-16-mttq-luong-minh-bau-cu.docx": [
        ("so_trang.trang_dau", None, T, "no Different First Page: the footer's page number prints on page 1"),
        ("so_trang.vi_tri", None, T, "the printed page number is in the footer"),
        ("so_trang.can_le", 1, F, "an 'even' header Word never prints"),
        ("so_ky_hieu.co_chu", 5, T, "14 pt; 13"),
        ("phong_chu.sai", 6, T, "'Times New Roman Bold' (warning)"),
        ("duoi_trich_yeu.thieu", 14, T, "no rule under the trích yếu (now found at its second line, 15)"),
        ("duoi_trich_yeu.thieu", 15, T, "the two-line trích yếu has no rule under it (the only lines are in the header)"),
        ("doan.can_le", 15, F, "second line of the trích yếu"),
        ("doan.dam", 15, F, "second line of the trích yếu"),
        ("can_cu.nghieng", 17, T, "upright căn cứ (warning: kế hoạch)"),
        ("can_cu.dau_cau", 17, T, "ends ';' (warning: kế hoạch)"),
        ("khoan.dam", 28, T, "'1.1.' lines bold (warning: ND 30 names no 1.1 level)"),
        ("khoan.nghieng", 28, T, "italic (warning)"),
        ("doan.dam", 40, T, "'1.3 …' bold (warning)"),
        ("doan.nghieng", 40, T, "italic (warning)"),
        ("bo_cuc.thu_tu", 72, T, "3.2. twice"),
        ("khoan_tieu_de.nghieng", 97, T, "italic (warning)"),
        ("phong_chu.sai", 111, T, "'Times New Roman Bold Italic' (warning)"),
        ("bo_cuc.thu_tu", 150, T, "khoản 5 follows khoản 3"),
        ("noi_nhan.co_chu", 169, T, "recipients 12 pt; 11"),
        ("noi_nhan.dau_cau", 174, F, "the recipient wraps onto 175 ('VP Đảng uỷ;') (class 4)"),
        ("noi_nhan.dau_cau", 178, F, "wraps onto 179 ('tác MT thôn;')"),
        ("noi_nhan.dau_cau", 180, T, "'- Lưu: MTTQ' has no final '.'"),
        ("noi_nhan.luu", 180, F, "a Lưu line; the dau_cau finding covers it"),
        ("quyen_han.dam", 182, T, "TM. BAN THƯỜNG TRỰC not bold (II.7)"),
    ],
    "31-kh-01-tieu-ban-ubbc-pho-bang.docx": [
        ("co_quan_cap_tren.co_chu", 1, T, "14 pt; 12–13"),
        ("co_quan.co_chu", 2, T, "14 pt; 12–13"),
        ("so_ky_hieu.co_chu", 4, T, "14 pt; 13"),
        ("duoi_trich_yeu.thieu", 11, F, "the trích yếu goes on at 12; the rule is under it"),
        ("doan.can_le", 12, F, "second line of the trích yếu"),
        ("doan.dam", 12, F, "second line of the trích yếu"),
        ("can_cu.nghieng", 14, T, "upright căn cứ (warning: kế hoạch)"),
        ("khoan_tieu_de.nghieng", 38, T, "'2.1. Đợt 1 …' italic (warning)"),
        ("tieu_de_chuong.dam", 46, F, "only the '.' after III is not bold"),
        ("khoan.dam", 53, F, "'2. Thời gian tuyên truyền:' is a khoản title: bold is right"),
        ("noi_nhan.luu", 90, T, "'- Lưu Ban xây dựng Đảng.' has no colon (II.9.b)"),
    ],
    "40-nd-30-2020-nd-cp-cong-tac-van-thu.docx": [
        ("duoi_co_quan.thieu", 1, F, "'_______' under CHÍNH PHỦ is the rule (class 1)"),
        ("so_ky_hieu.mau", 4, F, "'Số: 30/2020/NĐ-CP' is the legal-document form; '30/2020-NĐ-CP' is no form at all"),
        ("tieu_ngu.gach_duoi", 6, F, "'____…' under the tiêu ngữ is its rule"),
        ("duoi_trich_yeu.thieu", 12, F, "'__________' under the trích yếu"),
        ("doan.can_le", 13, F, "the underscore line is the rule, not body text"),
        ("doan.co_chu", 13, F, "the underscore line"),
        ("doan.nghieng", 15, F, "the căn cứ after the underscore rule"),
        ("khoan_tieu_de.dam", 46, T, "'1. Nguyên tắc', '2. Yêu cầu' … are khoản titles on their own lines, not bold: "
                                     "II.6.đ says bold; the introducing sentences (78, 88, 62, 276, 315) are no longer counted"),
        ("phong_chu.sai", 230, T, "a run in 'Times New Roman Bold' (warning: the same face, the page reads the same)"),
        ("doan.dam", 273, F, "the Chương V title's second line (Shift+Enter) (class 3)"),
        ("noi_nhan.dau_cau", 333, F, "'- Các bộ, cơ quan ngang bộ,' wraps onto 'cơ quan thuộc Chính phủ;' (class 4)"),
    ],
}

# Annexes 41–46: before, each was checked as a document missing its header (class 7).
_ANNEX_HEADER = [
    ("co_quan.thieu", None, F, "an annex has no header of its own (ND 30 PL I III.1)"),
    ("quoc_hieu.thieu", 1, F, "an annex has no quốc hiệu"),
    ("tieu_ngu.thieu", 1, F, "an annex has no tiêu ngữ"),
    ("doan.can_le", 1, F, "'Phụ lục …' is the annex label, centred by III.1.b"),
    ("doan.dam", 1, F, "the annex label is bold by III.1.b"),
]
LABELS["41-nd-30-2020-phu-luc-1.docx"] = _ANNEX_HEADER + [
    ("trang.le", None, T, "a landscape section with a 15 mm bottom margin (warning: landscape)"),
    ("doan.nghieng", 4, F, "the '(Kèm theo …)' line is italic by III.1.c"),
    ("bo_cuc.thu_tu", 10, F, "annex body: Phần I of PL I restarted by the annex title, not the rules"),
    ("khoan_tieu_de.dam", 19, F, "annex body (the annex text is not checked as a document's body)"),
    ("phan.can_le", 92, F, "sample forms quoted in the annex"),
    ("phan.dam", 92, F, "sample forms"),
    ("tieu_de_chuong.chu_hoa", 92, F, "sample forms"),
    ("bo_cuc.thu_tu", 94, F, "sample forms"),
] + [(c, p, F, "sample forms of the annex read as a closing block (class 8)") for c, p in [
    ("noi_nhan_tieu_de.chu", 158), ("noi_nhan_tieu_de.co_chu", 158), ("noi_nhan_tieu_de.dam", 158),
    ("noi_nhan_tieu_de.nghieng", 158), ("chuc_vu.can_le", 227), ("noi_nhan.dau_cau", 251),
    ("noi_nhan.dau_cau", 258), ("noi_nhan.dau_cau", 265), ("noi_nhan.dau_cau", 279), ("noi_nhan.dau_cau", 291),
    ("noi_nhan.dau_cau", 341), ("noi_nhan.dau_cau", 419), ("noi_nhan.dau_cau", 426), ("noi_nhan.dau_cau", 461),
    ("noi_nhan.dau_cau", 496), ("noi_nhan.dau_cau", 531), ("noi_nhan_tieu_de.co_chu", 569),
    ("noi_nhan.dau_cau", 607), ("noi_nhan_tieu_de.dam", 612), ("noi_nhan_tieu_de.nghieng", 612),
    ("noi_nhan.dau_cau", 645), ("noi_nhan.luu", 645)]]
LABELS["42-nd-30-2020-phu-luc-2.docx"] = _ANNEX_HEADER + [
    ("doan.nghieng", 3, F, "the '(Kèm theo …)' line is italic by III.1.c"),
    ("doan.co_chu", 5, F, "'_____________' at 11 pt is the rule under the annex title"),
    ("khoan_tieu_de.dam", 9, F, "annex body (not checked as a document's body)"),
]
LABELS["43-nd-30-2020-phu-luc-3.docx"] = _ANNEX_HEADER + [
    ("doan.nghieng", 4, F, "the '(Kèm theo …)' line"),
    ("tieu_de_chuong.nghieng", 8, F, "annex body"),
    ("doan.can_le", 148, F, "sample forms"),
    ("noi_nhan.dau_cau", 174, F, "sample forms"),
    ("phong_chu.sai", 196, T, "runs of visible text in Calibri ('quy định trực tiếp', 'Mẫu văn bản …'); I.4: Times New Roman"),
    ("noi_nhan.co_chu", 274, F, "sample forms"),
    ("noi_nhan.co_chu", 429, F, "sample forms"),
    ("ho_ten.dam", 905, F, "sample forms"),
]
LABELS["44-nd-30-2020-phu-luc-4.docx"] = _ANNEX_HEADER + [
    ("trang.le", None, T, "portrait section with a 4,3 mm right margin; 15–20"),
    ("doan.nghieng", 3, F, "the '(Kèm theo …)' line"),
    ("doan.co_chu", 5, F, "the underscore rule under the title"),
] + [(c, p, F, "register forms of the annex, not the annex's own text") for c, p in [
    ("khoan_tieu_de.can_le", 10), ("khoan_tieu_de.dam", 10), ("doan.can_le", 11), ("noi_nhan_tieu_de.can_le", 17),
    ("noi_nhan_tieu_de.chu", 17), ("noi_nhan_tieu_de.co_chu", 17), ("noi_nhan_tieu_de.nghieng", 17),
    ("chuc_vu.can_le", 43), ("noi_nhan.co_chu", 180), ("noi_nhan.dau_cau", 183), ("noi_nhan.luu", 197),
    ("ho_ten.dam", 219)]]
LABELS["45-nd-30-2020-phu-luc-5.docx"] = _ANNEX_HEADER + [
    ("doan.nghieng", 4, F, "the '(Kèm theo …)' line"),
    ("doan.co_chu", 6, F, "the underscore rule under the title"),
]
LABELS["46-nd-30-2020-phu-luc-6.docx"] = _ANNEX_HEADER + [
    ("doan.nghieng", 3, F, "the '(Kèm theo …)' line"),
    ("bo_cuc.thu_tu", 8, F, "annex body"),
    ("khoan_tieu_de.dam", 22, F, "annex body"),
    ("phong_chu.sai", 105, T, "'Times New Roman Bold' (warning)"),
    ("phong_chu.sai", 349, T, "visible text in Calibri"),
] + [(c, p, F, "sample forms read as a closing block") for c, p in [
    ("noi_nhan.thieu", 198), ("noi_nhan_tieu_de.chu", 198), ("noi_nhan_tieu_de.co_chu", 198),
    ("noi_nhan_tieu_de.dam", 198), ("noi_nhan_tieu_de.nghieng", 198), ("chuc_vu.can_le", 227), ("ho_ten.dam", 424)]]

# False findings still reported (what is left): (file, code, paragraph)
KNOWN_FALSE = {
    ("01-hd-36-vptw-the-thuc-van-ban-dang.docx", "bo_cuc.thu_tu", 141),
    ("02-hd-36-vptw-the-thuc-van-ban-dang.doc", "bo_cuc.thu_tu", 141),
}
# True findings of the old checker now reported under another key (the same fault): not lost
MOVED = {
    ("29-kh-16-mttq-luong-minh-bau-cu.docx", "duoi_trich_yeu.thieu", 14): ("duoi_trich_yeu.thieu", 15),
    ("25-gm-45-ubnd-lam-dong-bcd-du-lieu.doc", "muc.dam", 27): ("tieu_de_chuong.dam", 27),
}
