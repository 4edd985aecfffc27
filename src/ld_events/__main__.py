from ld_events.cli import main

main()
