"""`python -m dashboard.validate [DATA_DIR]`: the command line of
`dashboard.outputs.validate`, kept at this address for users and CI."""

import sys

from dashboard.outputs.validate import main

if __name__ == "__main__":
    sys.exit(main())
