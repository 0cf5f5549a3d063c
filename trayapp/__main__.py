"""``python -m trayapp`` runs the command line."""

from trayapp.cli.main import main

raise SystemExit(main())
