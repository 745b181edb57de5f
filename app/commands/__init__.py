"""CLI subcommands, one module per area; each module has ``register(commands, common)``."""

from types import ModuleType

from app.commands import (
    annotation_cmds,
    codebook_cmds,
    edit_cmds,
    import_cmd,
    library_cmds,
    search_cmds,
    story_cmds,
)

COMMAND_MODULES: list[ModuleType] = [
    library_cmds,
    search_cmds,
    import_cmd,
    annotation_cmds,
    codebook_cmds,
    edit_cmds,
    story_cmds,
]
