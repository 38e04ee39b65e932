/// `--by-cgroup`'s families: present only when the exporter was asked for them.
extension MetricsCollector {
  func cgroups(_ snapshot: ExporterSnapshot) -> [MetricFamily] {
    guard let depth = cgroupDepth, snapshot.census.countsCgroups else { return [] }
    let grouped = CgroupGroups(
      snapshot.census.cgroupStates, paths: snapshot.cgroupPaths, depth: depth, limit: maxCgroups)
    var samples: [Sample] = []
    for group in grouped.groups {
      for state in ExportedState.allCases {
        samples.append(Sample([("cgroup", group.cgroup), ("state", state.rawValue)], Double(group.tally[state])))
      }
    }
    return [
      MetricFamily(
        name: "tcpstate_cgroup_sockets",
        help:
          "TCP sockets by state and cgroup v2 path cut to --by-cgroup levels, both families. cgroup=\"none\": TIME_WAIT and request sockets, which carry no cgroup; \"unknown\": a removed cgroup; beyond --max-cgroups the smallest are summed into \"other\".",
        kind: .gauge, samples: samples),
      MetricFamily(
        name: "tcpstate_exporter_cgroups_folded",
        help: "Cgroups summed into the cgroup=\"other\" series because there were more than --max-cgroups.",
        kind: .gauge, samples: [Sample([], Double(grouped.folded))]),
    ]
  }
}
