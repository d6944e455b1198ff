from brug.matching_engine.cli import main

raise SystemExit(main())
