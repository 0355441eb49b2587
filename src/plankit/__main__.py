"""``python -m plankit``"""

from plankit.cli import main

main()
