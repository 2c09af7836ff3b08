"""Credits: photo credit lines (…摄), datelines (电头) and bylines, recognised by shape.

All functions take normalised text (see text.normalise); because normalisation is 1:1, the
offsets they return slice the original line too."""

from __future__ import annotations

import re

from .text import HAN
from .types import Credit

# Longest first: "见习记者" must win over "记者", "本报通讯员" over "通讯员".
ROLES = sorted(
    {
        "本报见习记者",
        "见习记者",
        "本报记者",
        "特约记者",
        "首席记者",
        "驻站记者",
        "本报通讯员",
        "特约通讯员",
        "通讯员",
        "新华社记者",
        "新华社通讯员",
        "中新社记者",
        "摄影记者",
        "本报摄影记者",
        "记者",
        "实习生",
        "本报实习生",
        "见习生",
        "本报评论员",
        "特约评论员",
        "评论员",
    },
    key=len,
    reverse=True,
)
ROLE_ALT = "|".join(ROLES)
NAME_RE = re.compile(f"[{HAN}](?:[{HAN}·•]{{0,6}}[{HAN}])?")
COMMENTATOR_RE = re.compile(r"^(本报特约评论员|本报评论员|特约评论员|评论员)$")
PHOTO_VERBS = ("摄影", "摄", "供图")
PAREN_OPEN = "(【〔["
PAREN_CLOSE = ")】〕]"


def _is_name(token: str) -> bool:
    if not NAME_RE.fullmatch(token):
        return False
    han = len(token.replace("·", "").replace("•", ""))
    return 2 <= han <= 4 or ("·" in token or "•" in token) and han <= 10


def parse_credits(text: str, *, need_role: bool) -> list[Credit] | None:
    """Parse "通讯员 甲 记者 乙" / "见习记者李国峰" / "记者 甲、乙" into credits, or None if it is not one."""
    tokens = [token for token in re.split(r"[\s、,/]+", text.strip()) if token]
    if not tokens:
        return None
    credits: list[Credit] = []
    role = ""
    seen_role = False
    pending_role = False
    for token in tokens:
        for candidate in ROLES:
            if token.startswith(candidate):
                role, rest = candidate, token[len(candidate) :]
                seen_role = True
                break
        else:
            rest = token
            if not role and need_role:
                return None
        if not rest:
            if pending_role:  # two roles in a row with no name between them
                return None
            pending_role = True
            continue
        if not _is_name(rest):
            return None
        credits.append(Credit(name=rest, role=role))
        pending_role = False
    if pending_role or not credits or (need_role and not seen_role):
        return None
    return credits


def photo_credit(norm: str) -> tuple[list[Credit], str] | None:
    """A whole line that is a photo credit ("见习记者李国峰 摄", "甲 摄", "(通讯员 甲 摄)")."""
    text = norm.strip()
    if len(text) > 60:
        return None
    if len(text) >= 2 and text[0] in PAREN_OPEN and text[-1] in PAREN_CLOSE:
        text = text[1:-1].strip()
    for verb in PHOTO_VERBS:
        if text.endswith(verb):
            credits = parse_credits(text[: -len(verb)], need_role=False)
            if credits:
                return credits, verb
    return None


def inline_photo_credit(norm: str) -> int | None:
    """Offset where a credit starts at the end of a caption line ("…休息。 通讯员郁诗怡 摄"), or None.

    On one line with the caption the credit must name a role or stand in brackets, so that the
    end of an ordinary sentence is never mistaken for a name."""
    text = norm.rstrip()
    if not any(text.endswith(verb) or text[:-1].endswith(verb) for verb in PHOTO_VERBS):
        return None
    if text and text[-1] in PAREN_CLOSE:
        start = max(text.rfind(ch) for ch in PAREN_OPEN)
        if start > 0 and photo_credit(text[start:]):
            return start
        return None
    # Candidate starts: after a space or after sentence punctuation; the earliest valid one wins.
    for match in re.finditer(r"(?<=[\s。!?…;”])\S", text):
        start = match.start()
        tail = text[start:]
        if len(tail) > 60:
            continue
        for verb in PHOTO_VERBS:
            if tail.endswith(verb):
                credits = parse_credits(tail[: -len(verb)], need_role=True)
                if credits and text[:start].strip():
                    return start
    return None


DATELINE_RE = re.compile(
    "^(?:"
    r"本报讯"
    f"|本报[{HAN}]{{0,8}}\\d{{1,2}}月\\d{{1,2}}日(?:讯|电)"
    f"|(?:新华社|中新社|中国新闻社|人民日报|工人日报|新华网|人民网|央视网)[{HAN}]{{0,10}}?(?:\\d{{1,2}}月\\d{{1,2}}日)?电"
    f"|[{HAN}]{{2,8}}?(?:社|网|台)[{HAN}]{{0,8}}?\\d{{1,2}}月\\d{{1,2}}日电"
    ")"
)


def dateline_at(norm: str) -> int:
    """Length of a dateline formula at the start of a (normalised) paragraph, or 0."""
    match = DATELINE_RE.match(norm)
    return match.end() if match else 0


def byline_formula_at(norm: str) -> tuple[int, list[Credit]] | None:
    """A byline at the start of a paragraph: "记者曾晨路报道", "记者 甲 通讯员 乙报道", "(记者 甲 乙)".

    Returns the length of the formula and the credits, or None."""
    text = norm
    if text and text[0] in PAREN_OPEN:
        close = min((i for i in (text.find(ch) for ch in PAREN_CLOSE) if i > 0), default=-1)
        if 0 < close <= 60:
            inner = text[1:close]
            credits = parse_credits(inner, need_role=True)
            if credits:
                return close + 1, credits
        return None
    for match in re.finditer("报道", text[:60]):
        credits = parse_credits(text[: match.start()], need_role=True)
        if credits:
            return match.end(), credits
    return None


def byline_suffix_at(norm: str) -> tuple[int, list[Credit]] | None:
    """A bracketed byline at the end of the body: "…作出新的更大贡献。(记者 甲 通讯员 乙)"."""
    text = norm.rstrip()
    if not text or text[-1] not in PAREN_CLOSE:
        return None
    start = max(text.rfind(ch) for ch in PAREN_OPEN)
    if start < 0 or len(text) - start > 60:
        return None
    credits = parse_credits(text[start + 1 : -1], need_role=True)
    return (start, credits) if credits else None


def standalone_byline(norm: str) -> list[Credit] | None:
    """A byline on a line of its own: "本报评论员", "□ 本报记者 甲", "本报记者 甲 通讯员 乙"."""
    stripped = norm.strip()
    text = stripped.lstrip("□■●◆◇○·—- ").strip()
    if COMMENTATOR_RE.match(text):
        return [Credit(name=text, role="评论员")]
    # "记者走基层" is a rubric, not a byline: without a bullet, brackets or 报道 the role must
    # stand apart from the name ("本报记者 甲").
    marked = text != stripped
    if len(text) >= 2 and text[0] in PAREN_OPEN and text[-1] in PAREN_CLOSE:
        text, marked = text[1:-1].strip(), True
    if text.endswith("报道"):
        text, marked = text[:-2], True
    if len(text) > 60:
        return None
    author = AUTHOR_MARK_RE.match(text)
    if author or stripped[:1] == "□":
        # 副刊 bylines name no role: "□ 张三", "文/张三", "□ 文 张三" (role left empty, as printed).
        names = text[author.end() :] if author else text
        credits = parse_credits(names, need_role=False)
        if (
            credits
            and len(credits) <= 3
            and all(not credit.role and credit.name not in NOT_NAMES for credit in credits)
        ):
            return credits
    if not marked and text.split(" ")[0] not in ROLES:
        return None
    return parse_credits(text, need_role=True)


# "文/张三", "文 | 张三", "文·张三", "作者 张三" in front of a name with no role
AUTHOR_MARK_RE = re.compile(r"^(?:文|作者|撰文|口述|整理)\s*(?:[/|｜·:]\s*|\s+)")
# Column labels and rubrics printed after a bullet that are not people
NOT_NAMES = frozenset(
    {
        *("简讯", "快讯", "短讯", "动态", "短波", "速递", "图片新闻", "副刊", "诗歌", "散文", "随笔"),
        *("征文", "来信", "编后", "短评", "点评", "链接", "相关链接", "编者按", "按语", "一线"),
        *("观察", "声音", "视点", "图说", "提示", "警示", "更正"),
    }
)
