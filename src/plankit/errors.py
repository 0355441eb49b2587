"""The library's exceptions. Only the CLI turns them into messages and exit codes."""


class PlankitError(Exception):
    """Base class: its message is one line that says what to do."""


class InputNotFound(PlankitError):
    pass


class NotAFile(PlankitError):
    pass


class BinaryInput(PlankitError):
    pass


class DecodeFailed(PlankitError):
    pass


class InputTooLarge(PlankitError):
    pass


class InputUnreadable(PlankitError):
    """The file is there but the system refuses to read it (permissions, I/O error)."""
