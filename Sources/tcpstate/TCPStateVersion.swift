/// The version `tcpstate --version` prints. The repository's one version is
/// the VERSION file; this copy must equal it (VersionTests checks, and
/// scripts/build-deb.sh refuses to package a binary that prints another).
enum TCPStateVersion {
  static let current = "0.1.0"
}
