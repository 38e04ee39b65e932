function __tcpstate_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __tcpstate_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __tcpstate_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __tcpstate_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __tcpstate_parse_tokens -S
    set -l unparsed_tokens (__tcpstate_tokens -pc)
    switch $unparsed_tokens[1]
    case 'tcpstate'
        __tcpstate_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'list'
            __tcpstate_parse_subcommand 0 'S/state=+' 'l/listening' '4' '6' 'port=+' 'sport=+' 'dport=+' 'src=+' 'dst=+' 'cgroup=+' 'where=+' 'pid=+' 'command=+' 'uid=+' 't/tcp' 'n/numeric' 'a/all' 'json' 'H/no-header' 'color=' 'netns=' 'i/info' 'o/timers' 'm/memory' 'e/extended' 'cgroup-column' 'p/process' 's/summary' 'all-netns' 'columns=+' 'sort=' 'version' 'h/help'
        case 'watch'
            __tcpstate_parse_subcommand 0 'S/state=+' 'l/listening' '4' '6' 'port=+' 'sport=+' 'dport=+' 'src=+' 'dst=+' 'cgroup=+' 'where=+' 'pid=+' 'command=+' 'uid=+' 'json' 'H/no-header' 'color=' 'netns=' 'c/count=' 'duration=' 'source=' 'interval=' 'events=' 'no-summary' 'ready-file=' 'version' 'h/help'
        case 'explain'
            __tcpstate_parse_subcommand 1 'topic=' 'state=' 'lang=' 'proc-root=' 'color=' 'netns=' 'json' 'no-live' 'no-neighbourhood' 'version' 'h/help'
        case 'tunables'
            __tcpstate_parse_subcommand 0 'lang=' 'proc-root=' 'color=' 'netns=' 'json' 'H/no-header' 'changed' 'version' 'h/help'
        case 'diagram'
            __tcpstate_parse_subcommand 0 'format=' 'lang=' 'color=' 'netns=' 'no-live' 'json' 'version' 'h/help'
        case 'doctor'
            __tcpstate_parse_subcommand 0 '4' '6' 'port=+' 'sport=+' 'dport=+' 'src=+' 'dst=+' 'lang=' 'proc-root=' 'color=' 'netns=' 'json' 'interval=' 'min-count=' 'version' 'h/help'
        case 'top'
            __tcpstate_parse_subcommand -r 1 'S/state=+' 'l/listening' '4' '6' 'port=+' 'sport=+' 'dport=+' 'src=+' 'dst=+' 'cgroup=+' 'where=+' 'pid=+' 'command=+' 'uid=+' 'json' 'H/no-header' 'color=' 'netns=' 'd/delay=' 'sort=' 'reverse' 'p/process' 'b/batch' 'columns=+' 'n/iterations=' 'version' 'h/help'
        case 'kill'
            __tcpstate_parse_subcommand 0 'S/state=+' 'l/listening' '4' '6' 'port=+' 'sport=+' 'dport=+' 'src=+' 'dst=+' 'cgroup=+' 'where=+' 'pid=+' 'command=+' 'uid=+' 'json' 'H/no-header' 'color=' 'netns=' 'all' 'n/dry-run' 'y/yes' 'force' 'all-netns' 'version' 'h/help'
        case 'exporter'
            __tcpstate_parse_subcommand 0 'listen=' 'port=+' 'max-listeners=' 'by-cgroup=' 'max-cgroups=' 'doctor-interval=' 'max-connections=' 'max-scrapes=' 'netns=' 'version' 'h/help'
        case 'help'
            __tcpstate_parse_subcommand -r 1 'version'
        end
    end
end

function __tcpstate_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __tcpstate_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __tcpstate_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __tcpstate_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__tcpstate_tokens -p)
    if test -z "$(__tcpstate_tokens -t)"
        set -l index (count (__tcpstate_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'tcpstate' -f
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'list' -d 'List every TCP socket (IPv4 and IPv6) from the kernel\'s sock_diag interface.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'watch' -d 'Stream TCP state transitions as they happen.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'explain' -d 'Explain a TCP state, topic or tunable, then show what this host is doing about it.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'tunables' -d 'List the TCP tunables with their current values, kernel defaults and what the values imply.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'diagram' -d 'Draw the TCP state machine (RFC 9293 Figure 5) with the number of sockets in each state.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'doctor' -d 'Diagnose the host\'s TCP trouble from live sockets, kernel counters and tunables.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'top' -d 'A live, full-screen view of the host\'s TCP connections, refreshed in place.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'kill' -d 'Close matching TCP sockets through sock_diag\'s SOCK_DESTROY (as ss -K), safely.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'exporter' -d 'Serve the host\'s TCP state as Prometheus metrics over HTTP.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -s 'S' -l 'state' -d 'Only these states or ss groups (comma-separated or repeated, any spelling: TIME-WAIT, time_wait, ESTAB; groups: all, connected, synchronized, bucket, big).' -rfka 'ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING NEW_SYN_RECV BOUND_INACTIVE all connected synchronized bucket big'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" l listening' -s 'l' -l 'listening' -d 'Only listening sockets (same as --state LISTEN).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" 4' -s '4' -d 'Only IPv4 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" 6' -s '6' -d 'Only IPv6 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'port' -d 'Local or peer port, or a range like 8000-8100 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'sport' -d 'Local (source) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'dport' -d 'Peer (destination) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'src' -d 'Local address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'dst' -d 'Peer address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'cgroup' -d 'Only sockets of this cgroup and its subtree: a path below the cgroup v2 mount (/system.slice/nginx.service), a unit (nginx.service), a container (docker:3f2a9c) or a pod (pod:8b1e) (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'where' -d 'Only sockets for which EXPR holds: comparisons on tcp_info and queue fields with units, e.g. \'rtt>50ms and retrans>0\' (repeatable: all must hold).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'pid' -d 'Only sockets held by this process id (comma-separated or repeated; reads /proc/*/fd).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'command' -d 'Only sockets held by a process with this command name, as /proc/PID/comm shows it (comma-separated or repeated).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'uid' -d 'Only sockets owned by this user, a name or a uid (comma-separated or repeated). Checked in user space: inet_diag bytecode has no uid operation. TIME_WAIT and SYN_RECV sockets report uid 0.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" t tcp' -s 't' -l 'tcp' -d 'TCP sockets (accepted for ss habits: tcpstate shows only TCP).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" n numeric' -s 'n' -l 'numeric' -d 'Numeric addresses and ports (accepted for ss habits: tcpstate never resolves names).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" a all' -s 'a' -l 'all' -d 'Listening and non-listening sockets (accepted for ss habits: tcpstate list shows every state unless filtered).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" json' -l 'json' -d 'Machine-readable JSON output (snake_case keys, units in the key names).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" H no-header' -s 'H' -l 'no-header' -d 'Leave out the header line.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" color' -l 'color' -d 'Colour: auto (a terminal and no NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" netns' -l 'netns' -d 'Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" i info' -s 'i' -l 'info' -d 'Show tcp_info: rtt, rto, cwnd, ssthresh, bytes, retransmits, rates, congestion control.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" o timers' -s 'o' -l 'timers' -d 'Show timers: retransmit, keepalive, time-wait, zero-window probe.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" m memory' -s 'm' -l 'memory' -d 'Show socket memory (skmem).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" e extended' -s 'e' -l 'extended' -d 'Show the Family column (inet, inet6), uid, inode, socket cookie and cgroup path.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" cgroup-column' -l 'cgroup-column' -d 'Show each socket\'s cgroup: its systemd unit, container or pod where the path says, else the cgroup v2 path.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" p process' -s 'p' -l 'process' -d 'Show the processes holding each socket (reads /proc/*/fd).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" s summary' -s 's' -l 'summary' -d 'Only count sockets per state and family.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" all-netns' -l 'all-netns' -d 'List the sockets of every network namespace on the host (containers, pods, ip netns), with a Netns column.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list"' -l 'columns' -d 'Only these table columns, in this order (comma-separated or repeated): state, recv_q, send_q, family, local, peer, process, timer, cgroup, uid, inode, cookie, netns.' -rfka 'state recv_q send_q family local peer process timer cgroup uid inode cookie netns'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" sort' -l 'sort' -d 'Order by a numeric field, smallest first; -KEY for largest first (--sort rtt, --sort -total_retrans). Without it rows stream in the kernel\'s order.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -s 'S' -l 'state' -d 'Only these states or ss groups (comma-separated or repeated, any spelling: TIME-WAIT, time_wait, ESTAB; groups: all, connected, synchronized, bucket, big).' -rfka 'ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING NEW_SYN_RECV BOUND_INACTIVE all connected synchronized bucket big'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" l listening' -s 'l' -l 'listening' -d 'Only listening sockets (same as --state LISTEN).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" 4' -s '4' -d 'Only IPv4 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" 6' -s '6' -d 'Only IPv6 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'port' -d 'Local or peer port, or a range like 8000-8100 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'sport' -d 'Local (source) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'dport' -d 'Peer (destination) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'src' -d 'Local address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'dst' -d 'Peer address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'cgroup' -d 'Only sockets of this cgroup and its subtree: a path below the cgroup v2 mount (/system.slice/nginx.service), a unit (nginx.service), a container (docker:3f2a9c) or a pod (pod:8b1e) (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'where' -d 'Only the summaries of connections for which EXPR holds when they end, e.g. \'lifetime>1h\' or \'bytes_sent>1MiB and total_retrans>0\'; transitions are then left out (repeatable: all must hold).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'pid' -d 'Only connections held by this process id: transitions and summaries (comma-separated or repeated).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'command' -d 'Only connections held by a process with this command name, as /proc/PID/comm shows it (comma-separated or repeated).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch"' -l 'uid' -d 'Only connections whose socket is owned by this user, a name or a uid (comma-separated or repeated).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" json' -l 'json' -d 'Machine-readable JSON output (snake_case keys, units in the key names).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" H no-header' -s 'H' -l 'no-header' -d 'Leave out the header line.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" color' -l 'color' -d 'Colour: auto (a terminal and no NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" netns' -l 'netns' -d 'Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" c count' -s 'c' -l 'count' -d 'Stop after this many transitions.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" duration' -l 'duration' -d 'Stop after this long (30s, 2m, 500ms; a bare number is seconds).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" source' -l 'source' -d 'Event source: auto (tracefs instance, else perf events, else polling), tracefs, perf or poll (no root needed).' -rfka 'auto tracefs perf poll'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" interval' -l 'interval' -d 'Polling interval for the fallback source (100ms, 1s; a bare number is seconds, as everywhere).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" events' -l 'events' -d 'What to show, comma-separated: state (transitions, the default), retransmit, reset, drop, connect-failure, or all.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" no-summary' -l 'no-summary' -d 'Leave out the per-connection summary lines.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" ready-file' -l 'ready-file' -d 'Create this file once the event source is armed (for scripts).' -rF
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate watch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_positional "tcpstate explain" -eq 1' -fka 'ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING NEW_SYN_RECV BOUND_INACTIVE handshake close time-wait syn-flood keepalive rst tcp_syn_retries tcp_syn_linear_timeouts tcp_synack_retries tcp_max_syn_backlog tcp_syncookies tcp_abort_on_overflow somaxconn tcp_fastopen tcp_fin_timeout tcp_max_tw_buckets tcp_tw_reuse tcp_rfc1337 tcp_max_orphans tcp_orphan_retries ip_local_port_range tcp_retries1 tcp_retries2 tcp_keepalive_time tcp_keepalive_intvl tcp_keepalive_probes tcp_congestion_control tcp_rmem tcp_wmem tcp_timestamps tcp_sack tcp_window_scaling tcp_ecn tcp_mtu_probing tcp_notsent_lowat tcp_slow_start_after_idle tcp_mem tcp_tw_reuse_delay tcp_rto_min_us tcp_rto_max_ms ip_local_reserved_ports tcp_challenge_ack_limit rmem_max wmem_max netdev_max_backlog'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" topic' -l 'topic' -d 'Explain this topic, in any case (--topic close is the topic even in upper case).' -rfka 'handshake close time-wait syn-flood keepalive rst'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" state' -l 'state' -d 'Explain this state, in any spelling (--state close is CLOSED, --state time-wait is TIME_WAIT).' -rfka 'ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING NEW_SYN_RECV BOUND_INACTIVE all connected synchronized bucket big'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" lang' -l 'lang' -d 'Language: en or zh (default: from LC_ALL, LC_MESSAGES or LANG).' -rfka 'en zh'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" proc-root' -l 'proc-root' -d 'Read the live section\'s tunables from DIR/sys/net/... instead of /proc/sys/net (a fake tree for tests); socket counts still come from the kernel.' -rfa '(__tcpstate_complete_directories)'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" color' -l 'color' -d 'Colour: auto (a terminal and no NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" netns' -l 'netns' -d 'Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" json' -l 'json' -d 'Machine-readable JSON output (snake_case keys, units in the key names).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" no-live' -l 'no-live' -d 'Leave out the live section (tunables and socket counts of this host).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" no-neighbourhood' -l 'no-neighbourhood' -d 'Leave out the state\'s neighbourhood in the state machine.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate explain" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate tunables" lang' -l 'lang' -d 'Language: en or zh (default: from LC_ALL, LC_MESSAGES or LANG).' -rfka 'en zh'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate tunables" proc-root' -l 'proc-root' -d 'Read every tunable from DIR/sys/net/... instead of /proc/sys/net (a saved or fake tree).' -rfa '(__tcpstate_complete_directories)'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate tunables" color' -l 'color' -d 'Colour: auto (a terminal and no NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate tunables" netns' -l 'netns' -d 'Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate tunables" json' -l 'json' -d 'Machine-readable JSON output (snake_case keys, units in the key names).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate tunables" H no-header' -s 'H' -l 'no-header' -d 'Leave out the header line.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate tunables" changed' -l 'changed' -d 'Only tunables whose value differs from the kernel default.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate tunables" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate tunables" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate diagram" format' -l 'format' -d 'Output format: text, dot or mermaid.' -rfka 'text dot mermaid'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate diagram" lang' -l 'lang' -d 'Language: en or zh (default: from LC_ALL, LC_MESSAGES or LANG).' -rfka 'en zh'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate diagram" color' -l 'color' -d 'Colour: auto (a terminal and no NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate diagram" netns' -l 'netns' -d 'Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate diagram" no-live' -l 'no-live' -d 'Leave out the socket counts.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate diagram" json' -l 'json' -d 'Machine-readable JSON output (snake_case keys, units in the key names).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate diagram" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate diagram" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" 4' -s '4' -d 'Only IPv4 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" 6' -s '6' -d 'Only IPv6 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor"' -l 'port' -d 'Local or peer port, or a range like 8000-8100 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor"' -l 'sport' -d 'Local (source) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor"' -l 'dport' -d 'Peer (destination) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor"' -l 'src' -d 'Local address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor"' -l 'dst' -d 'Peer address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" lang' -l 'lang' -d 'Language: en or zh (default: from LC_ALL, LC_MESSAGES or LANG).' -rfka 'en zh'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" proc-root' -l 'proc-root' -d 'Read the counters from DIR/net/netstat, snmp, sockstat and sockstat6 and the tunables from DIR/sys/net/... instead of /proc; sockets still come from the kernel.' -rfa '(__tcpstate_complete_directories)'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" color' -l 'color' -d 'Colour: auto (a terminal and no NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" netns' -l 'netns' -d 'Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" json' -l 'json' -d 'Machine-readable JSON output (snake_case keys, units in the key names).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" interval' -l 'interval' -d 'Time between the two counter readings (1s, 500ms; a bare number is seconds; 0: one reading, no rates).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" min-count' -l 'min-count' -d 'Smallest pile of sockets worth a finding (CLOSE_WAIT per process and port, SYN_SENT, SYN_RECV, FIN_WAIT2, ports per destination); overrides each rule\'s default.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -s 'S' -l 'state' -d 'Only these states or ss groups (comma-separated or repeated, any spelling: TIME-WAIT, time_wait, ESTAB; groups: all, connected, synchronized, bucket, big).' -rfka 'ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING NEW_SYN_RECV BOUND_INACTIVE all connected synchronized bucket big'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" l listening' -s 'l' -l 'listening' -d 'Only listening sockets (same as --state LISTEN).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" 4' -s '4' -d 'Only IPv4 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" 6' -s '6' -d 'Only IPv6 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'port' -d 'Local or peer port, or a range like 8000-8100 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'sport' -d 'Local (source) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'dport' -d 'Peer (destination) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'src' -d 'Local address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'dst' -d 'Peer address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'cgroup' -d 'Only sockets of this cgroup and its subtree: a path below the cgroup v2 mount (/system.slice/nginx.service), a unit (nginx.service), a container (docker:3f2a9c) or a pod (pod:8b1e) (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'where' -d 'Only sockets for which EXPR holds: comparisons on tcp_info and queue fields with units, e.g. \'rtt>50ms and retrans>0\' (repeatable: all must hold).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'pid' -d 'Only sockets held by this process id (comma-separated or repeated; reads /proc/*/fd).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'command' -d 'Only sockets held by a process with this command name, as /proc/PID/comm shows it (comma-separated or repeated).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'uid' -d 'Only sockets owned by this user, a name or a uid (comma-separated or repeated). Checked in user space: inet_diag bytecode has no uid operation. TIME_WAIT and SYN_RECV sockets report uid 0.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" json' -l 'json' -d 'Machine-readable JSON output (snake_case keys, units in the key names).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" H no-header' -s 'H' -l 'no-header' -d 'Leave out the header line.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" color' -l 'color' -d 'Colour: auto (a terminal and no NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" netns' -l 'netns' -d 'Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" d delay' -s 'd' -l 'delay' -d 'Time between refreshes (100ms to 1h; 2s, 500ms; a bare number is seconds).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" sort' -l 'sort' -d 'Column to sort by: state, family, local, peer, process, send, recv, rtt, cwnd, retrans, retrans_total, recv_q, send_q, age.' -rfka 'state family local peer process send recv rtt cwnd retrans retrans_total recv_q send_q age'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" reverse' -l 'reverse' -d 'Reverse the sort order (text columns sort A-Z, numbers largest first).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" p process' -s 'p' -l 'process' -d 'Show the process holding each socket (reads /proc/*/fd every refresh).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" b batch' -s 'b' -l 'batch' -d 'Print frames as text (or JSON with --json) instead of the full-screen view.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top"' -l 'columns' -d 'With --batch, only these columns, in this order (comma-separated): state, family, local, peer, process, send, recv, rtt, cwnd, retrans, retrans_total, recv_q, send_q, age.' -rfka 'state family local peer process send recv rtt cwnd retrans retrans_total recv_q send_q age'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" iterations n' -s 'n' -l 'iterations' -d 'With --batch, how many frames to print.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate top" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -s 'S' -l 'state' -d 'Only these states or ss groups (comma-separated or repeated, any spelling: TIME-WAIT, time_wait, ESTAB; groups: all, connected, synchronized, bucket, big).' -rfka 'ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING NEW_SYN_RECV BOUND_INACTIVE all connected synchronized bucket big'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" l listening' -s 'l' -l 'listening' -d 'Only listening sockets (same as --state LISTEN).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" 4' -s '4' -d 'Only IPv4 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" 6' -s '6' -d 'Only IPv6 sockets.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'port' -d 'Local or peer port, or a range like 8000-8100 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'sport' -d 'Local (source) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'dport' -d 'Peer (destination) port or range (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'src' -d 'Local address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'dst' -d 'Peer address or CIDR, IPv4 or IPv6 (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'cgroup' -d 'Only sockets of this cgroup and its subtree: a path below the cgroup v2 mount (/system.slice/nginx.service), a unit (nginx.service), a container (docker:3f2a9c) or a pod (pod:8b1e) (repeatable).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'where' -d 'Only sockets for which EXPR holds: comparisons on tcp_info and queue fields with units, e.g. \'rtt>50ms and retrans>0\' (repeatable: all must hold).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'pid' -d 'Only sockets held by this process id (comma-separated or repeated; reads /proc/*/fd).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'command' -d 'Only sockets held by a process with this command name, as /proc/PID/comm shows it (comma-separated or repeated).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill"' -l 'uid' -d 'Only sockets owned by this user, a name or a uid (comma-separated or repeated). Checked in user space: inet_diag bytecode has no uid operation. TIME_WAIT and SYN_RECV sockets report uid 0.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" json' -l 'json' -d 'Machine-readable JSON output (snake_case keys, units in the key names).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" H no-header' -s 'H' -l 'no-header' -d 'Leave out the header line.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" color' -l 'color' -d 'Colour: auto (a terminal and no NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" netns' -l 'netns' -d 'Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" all' -l 'all' -d 'Kill every socket: needed instead of a filter, so that a forgotten filter kills nothing.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" dry-run n' -s 'n' -l 'dry-run' -d 'Print what would be killed (list\'s table or --json) and kill nothing.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" y yes' -s 'y' -l 'yes' -d 'Do not ask for confirmation (required without a terminal).'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" force' -l 'force' -d 'Also kill the SSH session\'s connection and sockets of this process\'s own parents.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" all-netns' -l 'all-netns' -d 'Select in every network namespace on the host; each socket is destroyed from inside its own namespace.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate kill" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" listen' -l 'listen' -d 'Address to serve on: ADDR:PORT, [IPV6]:PORT, or :PORT for every address.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter"' -l 'port' -d 'Also export tcpstate_port_sockets{port,state} for these local ports (repeatable or comma-separated).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" max-listeners' -l 'max-listeners' -d 'Listeners exported one by one; the rest are summed into port="other".' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" by-cgroup' -l 'by-cgroup' -d 'Also export tcpstate_cgroup_sockets{cgroup,state}, the cgroup v2 path cut to this many levels (2: /system.slice/nginx.service).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" max-cgroups' -l 'max-cgroups' -d 'Cgroups exported one by one with --by-cgroup; the smallest beyond are summed into cgroup="other".' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" doctor-interval' -l 'doctor-interval' -d 'Seconds between evaluations of the doctor\'s rules and of the tcp_info distributions.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" max-connections' -l 'max-connections' -d 'Open connections beyond which new ones are closed at once.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" max-scrapes' -l 'max-scrapes' -d 'Scrapes waiting for a dump beyond which the answer is 503.' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" netns' -l 'netns' -d 'Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).' -rfka ''
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" version' -l 'version' -d 'Show the version.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate exporter" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tcpstate' -n '__tcpstate_should_offer_completions_for_flags_or_options "tcpstate help" version' -l 'version' -d 'Show the version.'
