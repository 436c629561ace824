"""``python -m graph.cli``: the same command as the ``jeugdgraaf`` script."""

from graph.cli import cli

cli(prog_name="jeugdgraaf")
