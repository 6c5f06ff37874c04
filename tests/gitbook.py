"""Small rulebooks in temp folders with real git histories, commit dates set through the environment.

Shared by the history, digest, as-of and feed tests; the bundled sample is not used, so these tests do
not depend on its wording (it is being translated).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEPT = """---
id: approval-office
type: department
title: 行政审批处
---
负责行政许可的受理和审批。
"""

POST = """---
id: {id}
type: post
title: {title}
department: approval-office
duties:
{duties}
---
{title}的岗位说明。
"""

PROCEDURE = """---
id: licence
type: procedure
title: 食品经营许可
status: in-force
version: "{version}"
statutory_limit: 20个工作日
committed_limit: {committed}
basis:
{basis}
steps:
  - name: 受理
    post: clerk
    action: 核对申请材料，当场受理。
    time_limit: 即办
  - name: 审查
    post: clerk
    action: 审查申请材料。
    time_limit: 5个工作日
  - name: 审核
    post: {step3}
    action: 对审查意见进行审核。
    time_limit: 3个工作日
---
{body}
"""

SYSTEM = """---
id: first-inquiry
type: system
title: 首问负责制
applies_to: [{applies}]
duties:
  - post: clerk
    duty: {duty}
---
首问负责制的内容。
"""


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="测试", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="测试", GIT_COMMITTER_EMAIL="t@example.org"
    )
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when}T10:00:00+08:00"
    out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return out.stdout


def write(root: Path, rel: str, content: str) -> None:
    path = root / "rules" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def commit(repo: Path, message: str, when: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def post(pid: str, title: str, duties: list[str]) -> str:
    return POST.format(id=pid, title=title, duties="\n".join(f"  - duty: {d}" for d in duties) or "  []")


def procedure(
    committed: str = "20个工作日", step3: str = "clerk", basis: list[str] | None = None, body: str = "", version: str = "1.0"
) -> str:
    basis = basis if basis is not None else ["行政许可法 第三十条"]
    return PROCEDURE.format(
        committed=committed,
        step3=step3,
        basis="\n".join(f"  - {b}" for b in basis),
        body=body or "申请人应当在二十个工作日内提交全部材料。",
        version=version,
    )


def system(duty: str = "首次接待来访群众并登记。", applies: str = "clerk") -> str:
    return SYSTEM.format(duty=duty, applies=applies)


def make_history(root: Path, with_project: bool = True, laws: bool = False) -> dict[str, str]:
    """Three commits: 2024-01-10 first version; 2024-03-05 the procedure changes (limit, step 3 post, basis,
    body); 2024-06-20 the clerk's duty and the system change. Returns commit ids by date."""
    root.mkdir(parents=True, exist_ok=True)
    if with_project:
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(ROOT / "docs", root / "docs")
    git(root, "init", "-q", "-b", "main")
    write(root, "departments/approval-office.md", DEPT)
    write(root, "posts/clerk.md", post("clerk", "审批科员", ["受理申请材料。"]))
    write(root, "posts/legal-reviewer.md", post("legal-reviewer", "法规审核岗", ["审核法律适用。"]))
    write(root, "procedures/licence.md", procedure())
    write(root, "systems/first-inquiry.md", system())
    if laws:
        add_law_versions(root)
    commits = {"2024-01-10": commit(root, "初版", "2024-01-10")}
    write(
        root,
        "procedures/licence.md",
        procedure(
            "15个工作日",
            "legal-reviewer",
            ["行政许可法 第三十条", "行政许可法 第三十二条"],
            "申请人应当在十五个工作日内通过网上提交全部材料。",
            "1.1",
        ),
    )
    commits["2024-03-05"] = commit(root, "压缩承诺时限", "2024-03-05")
    write(root, "posts/clerk.md", post("clerk", "审批科员", ["受理申请材料。", "一次性告知需补正的材料。"]))
    write(root, "systems/first-inquiry.md", system("首次接待来访群众并在一个工作日内回复。"))
    commits["2024-06-20"] = commit(root, "增加告知职责", "2024-06-20")
    return commits


LAW = """---
id: {id}
type: law
title: 中华人民共和国行政许可法
collection: laws
origin: {id}.md
published: {published}
effective: {effective}
---
第三十条 行政机关应当将法律规定的有关行政许可的事项公示。{note}

第三十二条 行政机关对申请人提出的行政许可申请，应当根据情况分别作出处理。
"""


def add_law_versions(root: Path) -> None:
    """Two versions of one law: 2019 text, and a 2024 amendment published on 2024-01-05 but in force from 2024-04-01."""
    write(
        root,
        "library/laws/xzxkf-2019.md",
        LAW.format(id="xzxkf-2019", published="2019-04-23", effective="2019-04-23", note="（2019年文本）"),
    )
    write(
        root,
        "library/laws/xzxkf-2024.md",
        LAW.format(id="xzxkf-2024", published="2024-01-05", effective="2024-04-01", note="（2024年修正文本）"),
    )
