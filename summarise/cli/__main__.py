"""``python -m summarise.cli``: the ``summarise`` command without the installed script."""

import sys

from summarise.cli.app import main

sys.exit(main())
