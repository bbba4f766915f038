"""`python -m dashboard.export --lang ko|en --out FILE.pptx`: the command line of
`dashboard.outputs.export`, kept at this address for users and CI."""

import sys

from dashboard.outputs.export import main

if __name__ == "__main__":
    sys.exit(main())
