"""One way to end a line: browsers post textareas with CRLF, files and records come with
CRLF or CR. Stored text uses LF only, so that a save that changes nothing else leaves the
text (and its history) as it was."""


def normalise_linebreaks(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
