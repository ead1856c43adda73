"""``python -m gan_core class ...``: classes from a script, on the database the app uses.

    python -m gan_core class create "Year 11 physics"     # prints the code and the join path
    python -m gan_core class list
    python -m gan_core class export CODE --csv grades.csv [--long]
    python -m gan_core class delete CODE

``GAN_CLASSROOM_DATABASE_URL`` names the database (default: the app's SQLite file).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from gan_core.classes import db, report, store
from gan_core.quiz.bank import load_bank

JOIN_PATH = "/class?join={code}"


def add_commands(sub: Any) -> None:
    c = sub.add_parser("class", help="create, list, export or delete classes (the teacher page's data)")
    actions = c.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a class; prints its code and join path")
    create.add_argument("name", help="the class's name, as learners see it")
    actions.add_parser("list", help="every class: code, learners, name")
    export = actions.add_parser("export", help="the gradebook as CSV")
    export.add_argument("code")
    export.add_argument("--csv", required=True, metavar="FILE", help="where to write it ('-' for stdout)")
    export.add_argument("--long", action="store_true", help="one row per attempt instead of one per learner")
    remove = actions.add_parser("delete", help="delete a class, its learners and every answer")
    remove.add_argument("code")
    c.set_defaults(command_run=run)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        engine = db.engine()
        return _action(engine, args)
    except (SQLAlchemyError, OSError) as err:
        print(f"cannot reach the classes database ({type(err).__name__}); check {db.ENV_URL}", file=sys.stderr)
        return 1
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2


def _action(engine: Any, args: argparse.Namespace) -> int:
    if args.action == "create":
        made = store.create_class(engine, args.name)
        print(f"{made.code}  {JOIN_PATH.format(code=made.code)}  {made.name}")
        return 0
    if args.action == "list":
        for info, n in store.list_classes(engine):
            print(f"{info.code}  {n:3d} learner{'s' if n != 1 else ' '}  {info.created:%Y-%m-%d}  {info.name}")
        return 0
    found = store.find_class(engine, args.code)
    if found is None:
        print(f"no class has the code {store.normalise_code(args.code)!r}", file=sys.stderr)
        return 1
    if args.action == "delete":
        store.delete_class(engine, found.code)
        print(f"deleted {found.code} ({found.name}) with its learners and answers")
        return 0
    bank = load_bank()
    text = (
        report.attempts_csv(engine, found.id, bank)
        if args.long
        else report.gradebook_csv(report.class_report(engine, found.id, bank), bank)
    )
    if args.csv == "-":
        sys.stdout.write(text)
    else:
        with open(args.csv, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return 0
