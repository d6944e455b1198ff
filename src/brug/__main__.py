from brug.cli import main

raise SystemExit(main())
