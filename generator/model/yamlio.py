"""YAML reading that remembers where each value came from, for messages that name the line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.model.errors import VanbanError
from generator.model.text import read_source


class _Loader(yaml.SafeLoader):
    pass


# libyaml's parser, when PyYAML was built with it: about 8× faster on a record's front matter.
# Its node tree (values, tags, line marks) is the same; its error wording is not, so a text it
# rejects is parsed again by the pure-Python parser, whose messages _explain() translates.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_Loader)


def load_with_lines(text: str, path: Path, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Parse YAML; return (data, {"a.b.0": line}) with 1-based lines in the file.

    `first_line` is the file line of the text's first line (front matter starts after `---`).
    """
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        problem = exc.problem or "cú pháp không hợp lệ"
        raise VanbanError(f"lỗi cú pháp YAML ({_explain(problem)}). Kiểm tra dấu hai chấm, thụt lề "
                          "và dấu nháy ở dòng này hoặc dòng ngay trên.", path, line) from None
    if node is None:
        return {}, {}
    lines: dict[str, int] = {}
    loader = _Loader("")
    try:
        data = _convert(node, loader, "", lines, first_line, path, set())
    finally:
        loader.dispose()
    return data, lines


def _explain(problem: str) -> str:
    table = {
        "mapping values are not allowed here": "có dấu \":\" ở chỗ không được phép; nếu giá trị có dấu hai chấm hãy đặt trong dấu nháy",
        "could not find expected ':'": "thiếu dấu \":\" sau tên trường",
        "found character '\\t' that cannot start any token": "có ký tự Tab; hãy dùng dấu cách để thụt lề",
        "did not find expected key": "thụt lề không thẳng hàng",
        "expected <block end>": "thụt lề hoặc dấu nháy không khớp (giá trị có dấu nháy phải đóng nháy ở cuối)",
        "found undefined alias": "dấu * ở đầu giá trị; hãy đặt giá trị trong dấu nháy",
    }
    for key, vi in table.items():
        if key in problem:
            return vi
    return problem


_SURROGATE = re.compile("[\ud800-\udfff]")


def _convert(node: yaml.Node, loader: _Loader, prefix: str, lines: dict[str, int],
             first_line: int, path: Path, seen: set[int]) -> Any:
    line = first_line + node.start_mark.line
    # An alias (*a) makes the composer hand back a node already seen. Officials never write them, and
    # nested ones expand exponentially (a "billion laughs" front matter ran 264 s): refuse them.
    if id(node) in seen:
        used = prefix
        while used and used not in lines:          # the line where the alias is used, not defined
            used = used.rpartition(".")[0]
        line = lines.get(used, line)
        raise VanbanError("hồ sơ không được dùng bí danh YAML (\"&tên\" … \"*tên\"): hãy gõ lại giá trị", path, line)
    seen.add(id(node))
    if prefix:
        lines.setdefault(prefix, line)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            sub = f"{prefix}.{key}" if prefix else key
            lines[sub] = first_line + key_node.start_mark.line
            if key in out:
                raise VanbanError(f"trường \"{key}\" bị khai báo hai lần", path, lines[sub])
            out[key] = _convert(value_node, loader, sub, lines, first_line, path, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loader, f"{prefix}.{i}", lines, first_line, path, seen)
                for i, item in enumerate(node.value)]
    try:
        value = loader.construct_object(node, deep=True)
        if isinstance(value, str) and _SURROGATE.search(value):
            # "\ud800" escapes give lone surrogates, which no file can store (UnicodeEncodeError later)
            raise VanbanError("giá trị chứa ký tự không hợp lệ (nửa cặp UTF-16, dạng \"\\ud800\"): hãy gõ lại", path, line)
        return value
    except ValueError as exc:  # impossible timestamps: 2025-02-30
        raise VanbanError(f"ngày không tồn tại: \"{node.value}\" ({exc})", path, line) from None
    except yaml.constructor.ConstructorError as exc:
        raise VanbanError(f"giá trị không đọc được: {exc.problem}", path, line) from None


def load_file(path: Path) -> tuple[Any, dict[str, int]]:
    return load_with_lines(read_source(path), path)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (yaml, body, body_first_line). The file must start with a `---` line."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise VanbanError("tệp hồ sơ phải bắt đầu bằng dòng \"---\" rồi đến phần thông tin (YAML), "
                          "đóng lại bằng một dòng \"---\" trước nội dung", path, 1)
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise VanbanError("thiếu dòng \"---\" đóng phần thông tin (YAML) ở đầu tệp", path, 1)
