from cohortkit.cli import main

raise SystemExit(main())
