# Turns generate-manual's mdoc into the shipped page, deterministically:
#  - blank lines from multi-paragraph discussions become .Pp (mdoc warns on blank lines);
#  - the --version/--help items repeated under every subcommand are dropped
#    (the root lists them once);
#  - the generic EXIT STATUS (.Ex -std) is replaced by the hand-written
#    sections in scripts/man/sections.mdoc (JSON OUTPUT, PRIVILEGES, ENVIRONMENT,
#    FILES, EXIT STATUS, EXAMPLES, SEE ALSO, STANDARDS), which the generator
#    cannot express.
# Usage: awk -v sections=FILE -f postprocess.awk GENERATED.1
NR == 1 {
  print
  print ".\\\" Regenerate with `make docs` (scripts/gen-docs.sh); do not edit by hand."
  next
}
/^\.Bl / { depth++ }
/^\.El$/ { depth-- }
depth >= 2 && ($0 == ".It Fl -version" || $0 == ".It Fl h , -help") { skip = 1; next }
skip == 1 {
  skip = 0
  if ($0 == "Show the version." || $0 == "Show help information.") next
}
$0 == ".Os" { print ".Os tcpstate " version; last = $0; next }
$0 == "" {
  if (last != ".Pp") { print ".Pp"; last = ".Pp" }
  next
}
$0 == ".Sh \"EXIT STATUS\"" { replacing = 1; next }
replacing == 1 && /^\.Ex / { next }
replacing == 1 && /^\.Sh / { flush() }
replacing == 1 { next }
{ print; last = $0 }
END { if (replacing == 1) flush() }
function flush(  line) {
  while ((getline line < sections) > 0) print line
  close(sections)
  replacing = 2
}
