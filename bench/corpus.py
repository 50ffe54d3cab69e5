"""A realistic synthetic corpus for the benchmarks: N records shaped like the sample records.

    python -m bench.corpus DEST [--n 200] [--seed 2026]

The project written to DEST has the repository's records/van-phong.yaml, templates/ and mkdocs.yml
and N records under records/<key>/van-ban.md, in the mix an office produces:

- Quy chế (Chương, 20–40 Điều with khoản, điểm and "- " items, cross-references "khoản 2 Điều 5
  Quy chế này") attached to the Quyết định that issues it (Party or State format);
- công văn đề nghị phối hợp and the replies to them (quan_he.tra_loi by số ký hiệu, as officials
  write it), some still drafts;
- báo cáo (some citing a Quy chế), kế hoạch, thông báo, tờ trình, State Quyết định with khoản/điểm.

Everything is drawn from one random.Random(seed): the same N and seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_N = 200
DEFAULT_SEED = 2026

# ---------------------------------------------------------------- phrase banks (administrative Vietnamese)

SUBJECTS = [
    "Đảng ủy Công an tỉnh", "các đảng ủy xã, phường, đặc khu", "Ban Tổ chức Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Văn phòng Tỉnh ủy", "chi bộ Công an xã", "Ủy ban nhân dân xã",
    "Mặt trận Tổ quốc Việt Nam xã", "các chi bộ trực thuộc", "Văn phòng Đảng ủy", "người đứng đầu cơ quan, đơn vị",
    "cán bộ, đảng viên", "công chức Văn phòng - Thống kê", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
    "Hội Liên hiệp Phụ nữ xã", "Hội Cựu chiến binh xã", "Ban Chỉ huy Quân sự xã",
]
VERBS = [
    "chủ trì, phối hợp thực hiện", "tham mưu, đề xuất", "lãnh đạo, chỉ đạo", "tổ chức quán triệt",
    "theo dõi, đôn đốc, kiểm tra", "trao đổi thông tin về", "tổng hợp, báo cáo kết quả", "rà soát, đánh giá",
    "xây dựng kế hoạch", "hướng dẫn thực hiện", "kịp thời phát hiện, xử lý", "phối hợp thẩm tra, xác minh",
    "triển khai thực hiện nghiêm", "sơ kết, tổng kết việc thực hiện",
]
OBJECTS = [
    "công tác bảo vệ chính trị nội bộ", "công tác đảng, công tác chính trị", "công tác quần chúng",
    "công tác cán bộ và quy hoạch cán bộ", "việc thực hiện nghị quyết của cấp ủy", "công tác kiểm tra, giám sát",
    "chế độ thông tin, báo cáo", "công tác cải cách hành chính", "công tác văn thư, lưu trữ",
    "việc chuyển đổi số trong cơ quan đảng", "tình hình an ninh, trật tự trên địa bàn",
    "công tác phòng, chống tham nhũng, lãng phí, tiêu cực", "việc giải quyết đơn thư, khiếu nại, tố cáo",
    "công tác tuyên truyền, giáo dục chính trị tư tưởng", "việc xây dựng tổ chức đảng trong sạch, vững mạnh",
    "hồ sơ, tài liệu lưu trữ của cơ quan", "việc thực hiện quy chế dân chủ ở cơ sở",
]
QUALIFIERS = [
    "theo đúng quy định của Đảng và pháp luật của Nhà nước", "bảo đảm kịp thời, chặt chẽ, hiệu quả",
    "trong phạm vi chức năng, nhiệm vụ được giao", "theo định kỳ hằng quý, 6 tháng và hằng năm",
    "bảo đảm nguyên tắc tập trung dân chủ", "gắn với thực hiện nhiệm vụ chính trị của địa phương",
    "không để bị động, bất ngờ", "bảo đảm bí mật nhà nước theo quy định",
    "trên cơ sở chức năng, nhiệm vụ, quyền hạn của mỗi bên", "phù hợp với tình hình thực tế ở cơ sở",
]
TOPICS = [
    "bảo vệ chính trị nội bộ Đảng", "lãnh đạo công tác đảng, công tác chính trị trong Công an xã",
    "thực hiện chế độ thông tin, báo cáo", "quản lý hồ sơ đảng viên", "tiếp nhận và xử lý văn bản đến",
    "giải quyết đơn thư, khiếu nại, tố cáo", "thực hiện nhiệm vụ quốc phòng, an ninh ở cơ sở",
    "quản lý, sử dụng con dấu và thiết bị lưu khóa bí mật", "chuyển đổi số trong các cơ quan đảng",
    "công tác kiểm tra, giám sát của cấp ủy", "xây dựng và thực hiện quy chế dân chủ ở cơ sở",
    "bảo đảm an ninh mạng và an toàn thông tin", "phòng, chống thiên tai và tìm kiếm cứu nạn",
]
PEOPLE = [
    "Phạm Văn Nam", "Nguyễn Thị Lan", "Trần Minh Đức", "Lê Thị Mai", "Hoàng Văn Hải", "Đỗ Thị Hương",
    "Vũ Quốc Khánh", "Bùi Thị Ngọc", "Đặng Văn Toàn", "Ngô Thị Thu", "Dương Văn Lộc", "Huỳnh Thị Yến",
]
POSITIONS = [
    "Phó Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "công chức Tư pháp - Hộ tịch", "Phó Chủ tịch Ủy ban nhân dân xã",
    "Chánh Văn phòng Đảng ủy", "Phó Bí thư Đoàn Thanh niên xã", "công chức Văn hóa - Xã hội",
]
CHAPTERS_FIRST = "QUY ĐỊNH CHUNG"
CHAPTERS_MIDDLE = [
    "NỘI DUNG, PHƯƠNG THỨC PHỐI HỢP", "TRÁCH NHIỆM CỦA CÁC CƠ QUAN, ĐƠN VỊ", "CHẾ ĐỘ THÔNG TIN, BÁO CÁO",
    "QUAN HỆ CÔNG TÁC", "KIỂM TRA, GIÁM SÁT VÀ XỬ LÝ VI PHẠM", "KINH PHÍ VÀ ĐIỀU KIỆN BẢO ĐẢM",
]
CHAPTERS_LAST = "TỔ CHỨC THỰC HIỆN"
ARTICLE_TITLES = [
    "Nguyên tắc phối hợp", "Nội dung phối hợp", "Phương thức phối hợp", "Trách nhiệm của {s}",
    "Quyền hạn của {s}", "Chế độ thông tin, báo cáo", "Quan hệ công tác với {s}", "Trao đổi, cung cấp thông tin",
    "Thẩm tra, xác minh", "Quản lý hồ sơ, tài liệu", "Kiểm tra, giám sát việc thực hiện",
    "Khen thưởng và xử lý vi phạm", "Bảo đảm điều kiện thực hiện", "Thời hạn giải quyết", "Hội nghị giao ban",
]
CAN_CU_PARTY = [
    "Căn cứ Điều lệ Đảng Cộng sản Việt Nam",
    "Căn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng",
    "Căn cứ Quy định số 126-QĐ/TW, ngày 28/02/2018 của Bộ Chính trị một số vấn đề về bảo vệ chính trị nội bộ Đảng",
    "Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh Lâm Đồng, nhiệm kỳ 2025 - 2030",
    "Căn cứ Hướng dẫn số 36-HD/VPTW, ngày 03/4/2018 của Văn phòng Trung ương Đảng về thể thức và kỹ thuật "
    "trình bày văn bản của Đảng",
]
CAN_CU_STATE = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
    "Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025",
]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class Planned:
    """One record to write: its folder key and its van-ban.md text."""
    key: str
    text: str


@dataclass
class _Counter:
    next_so: dict[str, int] = field(default_factory=dict)
    day: dt.date = dt.date(2026, 1, 5)

    def so(self, body: str) -> int:
        self.next_so[body] = self.next_so.get(body, 0) + 1
        return self.next_so[body]

    def date(self, rng: random.Random) -> dt.date:
        self.day += dt.timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        while self.day.weekday() >= 5:
            self.day += dt.timedelta(days=1)
        return self.day


class CorpusWriter:
    """Draws records from one seeded Random; `plan(n)` returns exactly n records."""

    def __init__(self, seed: int = DEFAULT_SEED):
        self.rng = random.Random(seed)
        self.counter = _Counter()
        self.requests: list[tuple[str, str]] = []   # (số ký hiệu "15-CV/ĐU", trích yếu) awaiting a reply
        self.quy_che: list[str] = []                 # keys of Quy chế, for báo cáo citing them

    # ------------------------------------------------------------ sentences
    def sentence(self, end: str = ".") -> str:
        r = self.rng
        text = f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)}"
        if r.random() < 0.7:
            text += f", {r.choice(QUALIFIERS)}"
        if r.random() < 0.3:
            text += f"; {r.choice(VERBS)} {r.choice(OBJECTS)}"
        return self.capital(text) + end

    @staticmethod
    def capital(text: str) -> str:
        return text[:1].upper() + text[1:]

    def paragraph(self, sentences: tuple[int, int] = (2, 4)) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def clause(self, end: str) -> str:
        """A lower-case list item ("a) tổ chức quán triệt …;")."""
        r = self.rng
        text = f"{r.choice(VERBS)} {r.choice(OBJECTS)}"
        if r.random() < 0.5:
            text += f", {r.choice(QUALIFIERS)}"
        return text + end

    @staticmethod
    def front(fields: list[tuple[str, object]], comment: str) -> str:
        lines = ["---", f"# {comment}"]
        for name, value in fields:
            if value is None:
                continue
            if isinstance(value, list):
                lines.append(f"{name}:")
                lines += [f"  - {v}" for v in value]
            elif isinstance(value, dict):
                lines.append(f"{name}:")
                lines += [f"  {k}: {v}" for k, v in value.items()]
            else:
                lines.append(f"{name}: {value}")
        return "\n".join(lines + ["---", ""])

    @staticmethod
    def body(blocks: list[str]) -> str:
        return "\n" + "\n\n".join(blocks) + "\n"

    # ------------------------------------------------------------ Quy chế + the Quyết định issuing it
    def quy_che_body(self) -> list[str]:
        r = self.rng
        articles = r.randint(20, 40)
        middle = r.sample(CHAPTERS_MIDDLE, r.randint(1, 3))
        chapters = [CHAPTERS_FIRST, *middle, CHAPTERS_LAST]
        # Articles per chapter: 2–3 general, 2 final, the rest shared by the middle chapters.
        first, last = r.randint(2, 3), 2
        rest = articles - first - last
        cuts = sorted(r.sample(range(1, rest), len(middle) - 1)) if len(middle) > 1 else []
        sizes = [first] + [b - a for a, b in zip([0, *cuts], [*cuts, rest])] + [last]
        roman = ["I", "II", "III", "IV", "V", "VI"]
        blocks: list[str] = []
        khoan_count: dict[int, int] = {}
        number = 0
        for c, (title, size) in enumerate(zip(chapters, sizes)):
            blocks.append(f"Chương {roman[c]} **{title}**")
            for _ in range(size):
                number += 1
                blocks += self.article(number, khoan_count)
        return blocks

    def article(self, number: int, khoan_count: dict[int, int]) -> list[str]:
        r = self.rng
        title = r.choice(ARTICLE_TITLES).format(s=r.choice(SUBJECTS))
        blocks = [f"Điều {number}. {title}"]
        khoans = r.randint(1, 5)
        khoan_count[number] = khoans
        for k in range(1, khoans + 1):
            text = self.sentence()
            cited = [n for n in khoan_count if n < number and khoan_count[n] >= 2]
            if cited and r.random() < 0.12:
                n = r.choice(cited)
                text = text[:-1] + f", theo quy định tại khoản {r.randint(1, khoan_count[n])} Điều {n} Quy chế này."
            roll = r.random()
            if roll < 0.3:       # khoản with điểm
                blocks.append(f"{k}. {text[:-1]}, gồm:")
                count = r.randint(2, 5)
                letters = "abcdđe"[:count]
                blocks += [f"{ch}) {self.clause(';' if i < count - 1 else '.')}" for i, ch in enumerate(letters)]
            elif roll < 0.45:    # heading khoản with "- " items
                blocks.append(f"{k}. {r.choice(ARTICLE_TITLES).format(s=r.choice(SUBJECTS))}")
                blocks += [f"- {self.sentence()}" for _ in range(r.randint(2, 4))]
            else:
                blocks.append(f"{k}. {text}")
        return blocks

    def quy_che_pair(self, state: bool) -> list[Planned]:
        r = self.rng
        body = "ubnd-xa-thuan-an" if state else r.choice(["btv-tinh-uy", "dang-uy-xa-thuan-an"])
        topic = r.choice(TOPICS)
        so = self.counter.so(body)
        date = self.counter.date(r)
        qd_key, qc_key = f"qd-{so:03d}-{body}", f"qc-{so:03d}-{body}"
        issuer = {"btv-tinh-uy": "Ban Thường vụ Tỉnh ủy", "dang-uy-xa-thuan-an": "Ban Thường vụ Đảng ủy xã",
                  "ubnd-xa-thuan-an": "Ủy ban nhân dân xã"}[body]
        subject = f"ban hành Quy chế {topic}"
        can_cu = [f"{c};" for c in r.sample(CAN_CU_STATE if state else CAN_CU_PARTY, 3)]
        noi_nhan = (["Như Điều 3;", "TT Đảng ủy xã (b/c);", "CT, các PCT UBND xã;", "Lưu: VT, VP."] if state else
                    ["Các đồng chí Ủy viên Ban Thường vụ,", "Các chi bộ trực thuộc,", "Lưu Văn phòng."])
        qd = self.front([
            ("loai", "quyet-dinh"), ("co_quan", body), ("so", so), ("ngay", date.isoformat()),
            ("trang_thai", "ban-hanh"), ("trich_yeu", ("Về việc " if state else "") + subject),
            ("can_cu", can_cu),
            ("xet_de_nghi", f"Xét đề nghị của {r.choice(SUBJECTS)}," if not state else
             "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã."),
            ("noi_nhan", noi_nhan),
        ], f"Quyết định ban hành Quy chế (tổng hợp cho phép đo, {issuer}).")
        qd += self.body([
            f"Điều 1. Ban hành kèm theo Quyết định này Quy chế {topic}.",
            f"Điều 2. {self.sentence()}",
            f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. {self.capital(r.choice(SUBJECTS))} chịu trách "
            "nhiệm thi hành Quyết định này.",
        ])
        qc = self.front([
            ("loai", "quy-che"), ("co_quan", body), ("trang_thai", "ban-hanh"), ("trich_yeu", topic),
            ("quan_he", {"kem_theo": qd_key}),
        ], "Quy chế ban hành kèm theo Quyết định (văn bản kèm theo: không có số riêng).")
        qc += self.body(self.quy_che_body())
        self.quy_che.append(qc_key)
        return [Planned(qd_key, qd), Planned(qc_key, qc)]

    # ------------------------------------------------------------ công văn: request and reply
    def request(self) -> Planned:
        r = self.rng
        body = "dang-uy-xa-thuan-an"
        so = self.counter.so(body)
        date = self.counter.date(r)
        person, position = r.choice(PEOPLE), r.choice(POSITIONS)
        subject = f"đề nghị phối hợp thẩm tra, xác minh tiêu chuẩn chính trị đồng chí {person}"
        self.requests.append((f"{so:02d}-CV/ĐU", subject))
        text = self.front([
            ("loai", "cong-van"), ("co_quan", body), ("so", so), ("ngay", date.isoformat()),
            ("trang_thai", "ban-hanh"), ("trich_yeu", subject), ("kinh_gui", ["Chi bộ Công an xã Thuận An"]),
            ("han_xu_ly", r.choice(["than-nhan-trong-tinh", "than-nhan-ngoai-tinh"])),
            ("noi_nhan", ["Như trên,", "Đồng chí Bí thư Đảng ủy xã (b/c),", "Lưu Văn phòng Đảng ủy."]),
        ], "Công văn đề nghị phối hợp thẩm tra, xác minh (tổng hợp cho phép đo).")
        blocks = [
            "Căn cứ Quy định số 126-QĐ/TW, ngày 28/02/2018 của Bộ Chính trị một số vấn đề về bảo vệ chính trị "
            "nội bộ Đảng;",
            f"Để phục vụ {r.choice(OBJECTS)}, Ban Thường vụ Đảng ủy xã đề nghị Chi bộ Công an xã phối hợp thẩm tra, "
            "xác minh tiêu chuẩn chính trị của đồng chí:",
            f"- Họ và tên: {person}; sinh ngày {r.randint(1, 28):02d}/{r.randint(1, 12)}/{r.randint(1975, 1998)}.",
            f"- Chức vụ: {position}.",
            f"- Nơi cư trú: thôn {r.randint(1, 9)}, xã Thuận An.",
            "Nội dung đề nghị thẩm tra, xác minh:",
        ]
        blocks += [f"{i}. {self.sentence()}" for i in range(1, r.randint(2, 4) + 1)]
        blocks.append(self.paragraph((1, 2)))
        return Planned(f"cv-{so:03d}-de-nghi", text + self.body(blocks))

    def reply(self) -> Planned:
        r = self.rng
        symbol, subject = self.requests.pop(0)
        body = "chi-bo-cong-an-xa-thuan-an"
        issued = r.random() < 0.6
        so = self.counter.so(body) if issued else None
        date = self.counter.date(r) if issued else None
        text = self.front([
            ("loai", "cong-van"), ("co_quan", body), ("so", so), ("ngay", date.isoformat() if date else None),
            ("trang_thai", "ban-hanh" if issued else "du-thao"),
            ("trich_yeu", f"phúc đáp Công văn số {symbol} về thẩm tra, xác minh tiêu chuẩn chính trị"),
            ("kinh_gui", ["Ban Thường vụ Đảng ủy xã Thuận An"]), ("quan_he", {"tra_loi": symbol}),
            ("noi_nhan", ["Như trên,", "Lưu Chi bộ."]),
        ], "Công văn phúc đáp: câu \"Phúc đáp Công văn số …\" được điền tự động từ công văn đề nghị.")
        blocks = ["Chi bộ Công an xã đã phối hợp với Công an các xã có liên quan tiến hành thẩm tra, xác minh và "
                  "báo cáo kết quả như sau:"]
        blocks += [f"{i}. {self.sentence()}" for i in range(1, r.randint(2, 3) + 1)]
        blocks.append("Chi bộ Công an xã báo cáo Ban Thường vụ Đảng ủy xã xem xét, kết luận theo thẩm quyền.")
        key = f"cv-{so:03d}-phuc-dap" if so else f"cv-du-thao-phuc-dap-{symbol.split('-')[0]}"
        return Planned(key, text + self.body(blocks))

    # ------------------------------------------------------------ báo cáo, kế hoạch, thông báo, tờ trình
    def report(self) -> Planned:
        r = self.rng
        state = r.random() < 0.25
        body = "ubnd-xa-thuan-an" if state else r.choice(["dang-uy-xa-thuan-an", "btv-tinh-uy"])
        so = self.counter.so(body)
        date = self.counter.date(r)
        topic = r.choice(TOPICS)
        relations = {"trich_dan": self.quy_che[-1]} if self.quy_che and r.random() < 0.3 else None
        text = self.front([
            ("loai", "bao-cao"), ("co_quan", body), ("so", so), ("ngay", date.isoformat()),
            ("trang_thai", "ban-hanh"),
            ("trich_yeu", f"kết quả thực hiện {topic} {r.choice(['quý I', '6 tháng đầu năm', 'năm 2025'])}"),
            ("quan_he", relations),
            ("noi_nhan", ["Thường trực Tỉnh ủy (b/c),", "Các đồng chí Ủy viên Ban Thường vụ,", "Lưu Văn phòng."]
             if not state else ["TT Đảng ủy xã;", "CT, các PCT UBND xã;", "Lưu: VT, VP."]),
        ], "Báo cáo kết quả thực hiện (tổng hợp cho phép đo).")
        blocks = [self.paragraph()]
        for i, heading in enumerate(["Tình hình và kết quả thực hiện", "Hạn chế, nguyên nhân",
                                     "Phương hướng, nhiệm vụ thời gian tới", "Đề xuất, kiến nghị"], start=1):
            blocks.append(f"{i}. {heading}")
            sub = 0
            for _ in range(r.randint(1, 3)):
                if r.random() < 0.5:
                    sub += 1
                    blocks.append(f"{i}.{sub}. {self.sentence()}")
                    blocks += [f"- {self.sentence()}" for _ in range(r.randint(1, 3))]
                else:
                    blocks.append(self.paragraph())
        return Planned(f"bc-{so:03d}-{body}", text + self.body(blocks))

    def plan_or_notice(self) -> Planned:
        r = self.rng
        loai = r.choice(["ke-hoach", "thong-bao", "to-trinh"])
        body = r.choice(["dang-uy-xa-thuan-an", "btv-tinh-uy"])
        so = self.counter.so(body)
        date = self.counter.date(r)
        topic = r.choice(TOPICS)
        fields: list[tuple[str, object]] = [
            ("loai", loai), ("co_quan", body), ("so", so), ("ngay", date.isoformat()), ("trang_thai", "ban-hanh"),
            ("trich_yeu", {"ke-hoach": "triển khai thực hiện ", "thong-bao": "kết luận của Thường trực về ",
                           "to-trinh": "đề nghị ban hành Quy chế "}[loai] + topic),
        ]
        if loai == "to-trinh":
            fields.append(("kinh_gui", ["Ban Thường vụ Tỉnh ủy"]))
        fields.append(("noi_nhan", ["Như trên,", "Các chi bộ trực thuộc,", "Lưu Văn phòng."]))
        text = self.front(fields, "Kế hoạch, thông báo, tờ trình (tổng hợp cho phép đo).")
        blocks = [self.paragraph((1, 3))]
        for i in range(1, r.randint(3, 5) + 1):
            blocks.append(f"{i}. {r.choice(ARTICLE_TITLES).format(s=r.choice(SUBJECTS))}")
            blocks += [f"- {self.sentence()}" for _ in range(r.randint(2, 4))]
        return Planned(f"{ {'ke-hoach': 'kh', 'thong-bao': 'tb', 'to-trinh': 'tt'}[loai] }-{so:03d}-{body}",
                       text + self.body(blocks))

    def state_decision(self) -> Planned:
        r = self.rng
        body = "ubnd-xa-thuan-an"
        so = self.counter.so(body)
        date = self.counter.date(r)
        draft = r.random() < 0.3
        members = r.sample(PEOPLE, r.randint(3, 6))
        text = self.front([
            ("loai", "quyet-dinh"), ("co_quan", body), ("so", None if draft else so),
            ("ngay", None if draft else date.isoformat()), ("trang_thai", "du-thao" if draft else "ban-hanh"),
            ("trich_yeu", f"Về việc thành lập Tổ công tác về {r.choice(OBJECTS)} năm 2026"),
            ("can_cu", r.sample(CAN_CU_STATE, 3)),
            ("xet_de_nghi", "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã."),
            ("noi_nhan", ["Như Điều 3;", "TT Đảng ủy xã (b/c);", "CT, các PCT UBND xã;", "Lưu: VT, VP."]),
        ], "Quyết định của Chủ tịch UBND xã (thể thức Nhà nước, tổng hợp cho phép đo).")
        blocks = ["Điều 1. Thành lập Tổ công tác (sau đây gọi là Tổ công tác), gồm các ông (bà) có tên sau:"]
        blocks += [f"{i}. {'Ông' if i % 2 else 'Bà'} {p}, {r.choice(POSITIONS)}{', Tổ trưởng' if i == 1 else ''};"
                   for i, p in enumerate(members, start=1)]
        blocks.append("Điều 2. Nhiệm vụ của Tổ công tác")
        for k in range(1, r.randint(2, 4) + 1):
            blocks.append(f"{k}. {self.sentence()[:-1]}, gồm:")
            count = r.randint(2, 4)
            blocks += [f"{ch}) {self.clause(';' if i < count - 1 else '.')}" for i, ch in enumerate("abcd"[:count])]
        blocks.append("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Hội đồng nhân dân và "
                      "Ủy ban nhân dân xã, các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.")
        key = f"qd-{so:03d}-{body}" if not draft else f"qd-du-thao-{so:03d}-{body}"
        return Planned(key, text + self.body(blocks))

    # ------------------------------------------------------------ the mix
    def plan(self, n: int) -> list[Planned]:
        out: list[Planned] = []
        kinds = ["quy-che", "request", "reply", "report", "other", "state-qd"]
        weights = [14, 16, 14, 20, 10, 10]     # a Quy chế comes with its Quyết định: ~28 % of records
        while len(out) < n:
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "quy-che" and n - len(out) >= 2:
                out += self.quy_che_pair(state=self.rng.random() < 0.2)
            elif kind == "request":
                out.append(self.request())
            elif kind == "reply" and self.requests:
                out.append(self.reply())
            elif kind == "report":
                out.append(self.report())
            elif kind == "other":
                out.append(self.plan_or_notice())
            elif kind == "state-qd":
                out.append(self.state_decision())
        return out


def copy_project_files(dest: Path) -> None:
    """The office config, templates and site config of the repository, without its records."""
    (dest / "records").mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "records" / "van-phong.yaml", dest / "records" / "van-phong.yaml")
    shutil.copytree(REPO / "templates", dest / "templates", dirs_exist_ok=True)
    if (REPO / "mkdocs.yml").exists():
        shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")


def generate(dest: Path, n: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> list[str]:
    """Write a project of n records into dest (created); return the record keys, in writing order."""
    dest = Path(dest)
    copy_project_files(dest)
    keys = []
    for item in CorpusWriter(seed).plan(n):
        folder = dest / "records" / item.key
        folder.mkdir(parents=True, exist_ok=False)
        (folder / "van-ban.md").write_bytes(_nfc(item.text).encode("utf-8"))
        keys.append(item.key)
    return keys


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--n", type=int, default=DEFAULT_N)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    keys = generate(args.dest, args.n, args.seed)
    print(f"{len(keys)} records in {args.dest / 'records'}")


if __name__ == "__main__":
    main()
