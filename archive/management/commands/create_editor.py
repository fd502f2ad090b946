"""`manage.py create_editor USERNAME`: an account for an editor (staff, in the Editors group),
with the password asked on the terminal (or read from stdin), never on the command line."""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive.admin.editors import make_editor


class Command(BaseCommand):
    help = "Create an editor account (or add an existing user to the Editors group)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-stdin", action="store_true",
                            help="Read the password from the first line of standard input.")
        parser.add_argument("--no-password", action="store_true",
                            help="Do not set a password (keep the existing one, or none).")

    def handle(self, *args, username: str, email: str, password_stdin: bool,
               no_password: bool, **options):
        password = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        elif not no_password:
            password = self._ask_password()
        try:
            user, created = make_editor(username, email=email, password=password)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from error
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} editor {user.username}: staff, in the Editors group. "
            "Log in at /admin/."))

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("No terminal to ask for a password: use --password-stdin "
                               "or --no-password.")
        for _attempt in range(3):
            first = getpass.getpass("Password: ")
            if first and first == getpass.getpass("Password (again): "):
                return first
            self.stderr.write("The passwords were empty or did not match; try again.")
        raise CommandError("No password set.")
