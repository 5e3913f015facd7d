from smmplan.cli import main

main()
