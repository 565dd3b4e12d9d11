"""`python -m balint.recorder.cli`: the same as the `balint` command."""

import sys

from balint.recorder.cli import main

sys.exit(main())
