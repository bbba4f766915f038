"""`python -m dashboard.brief --lang ko|en --out FILE.hwpx|FILE.docx`: the command line of
`dashboard.outputs.brief`, at the address the contract names."""

import sys

from dashboard.outputs.brief import main

if __name__ == "__main__":
    sys.exit(main())
