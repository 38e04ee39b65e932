#!/bin/bash

__tcpstate_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__tcpstate_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__tcpstate_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__tcpstate_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_tcpstate() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __tcpstate_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|watch|explain|tunables|diagram|doctor|top|kill|exporter|help)
        # Offer subcommand argument completions
        "_tcpstate_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list watch explain tunables diagram doctor top kill exporter help' -- "${cur}"))
        ;;
    esac
}

_tcpstate_list() {
    repeating_flags=()
    non_repeating_flags=(-l --listening -4 -6 -t --tcp -n --numeric -a --all --json -H --no-header -i --info -o --timers -m --memory -e --extended --cgroup-column -p --process -s --summary --all-netns --version -h --help)
    repeating_options=(-S --state --port --sport --dport --src --dst --cgroup --where --pid --command --uid --columns)
    non_repeating_options=(--color --netns --sort)
    __tcpstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-S'|'--state')
        __tcpstate_add_completions -W 'ESTABLISHED'$'\n''SYN_SENT'$'\n''SYN_RECV'$'\n''FIN_WAIT1'$'\n''FIN_WAIT2'$'\n''TIME_WAIT'$'\n''CLOSE'$'\n''CLOSE_WAIT'$'\n''LAST_ACK'$'\n''LISTEN'$'\n''CLOSING'$'\n''NEW_SYN_RECV'$'\n''BOUND_INACTIVE'$'\n''all'$'\n''connected'$'\n''synchronized'$'\n''bucket'$'\n''big'
        return
        ;;
    '--port')
        return
        ;;
    '--sport')
        return
        ;;
    '--dport')
        return
        ;;
    '--src')
        return
        ;;
    '--dst')
        return
        ;;
    '--cgroup')
        return
        ;;
    '--where')
        return
        ;;
    '--pid')
        return
        ;;
    '--command')
        return
        ;;
    '--uid')
        return
        ;;
    '--color')
        __tcpstate_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--netns')
        return
        ;;
    '--columns')
        __tcpstate_add_completions -W 'state'$'\n''recv_q'$'\n''send_q'$'\n''family'$'\n''local'$'\n''peer'$'\n''process'$'\n''timer'$'\n''cgroup'$'\n''uid'$'\n''inode'$'\n''cookie'$'\n''netns'
        return
        ;;
    '--sort')
        return
        ;;
    esac
}

_tcpstate_watch() {
    repeating_flags=()
    non_repeating_flags=(-l --listening -4 -6 --json -H --no-header --no-summary --version -h --help)
    repeating_options=(-S --state --port --sport --dport --src --dst --cgroup --where --pid --command --uid)
    non_repeating_options=(--color --netns -c --count --duration --source --interval --events --ready-file)
    __tcpstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-S'|'--state')
        __tcpstate_add_completions -W 'ESTABLISHED'$'\n''SYN_SENT'$'\n''SYN_RECV'$'\n''FIN_WAIT1'$'\n''FIN_WAIT2'$'\n''TIME_WAIT'$'\n''CLOSE'$'\n''CLOSE_WAIT'$'\n''LAST_ACK'$'\n''LISTEN'$'\n''CLOSING'$'\n''NEW_SYN_RECV'$'\n''BOUND_INACTIVE'$'\n''all'$'\n''connected'$'\n''synchronized'$'\n''bucket'$'\n''big'
        return
        ;;
    '--port')
        return
        ;;
    '--sport')
        return
        ;;
    '--dport')
        return
        ;;
    '--src')
        return
        ;;
    '--dst')
        return
        ;;
    '--cgroup')
        return
        ;;
    '--where')
        return
        ;;
    '--pid')
        return
        ;;
    '--command')
        return
        ;;
    '--uid')
        return
        ;;
    '--color')
        __tcpstate_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--netns')
        return
        ;;
    '-c'|'--count')
        return
        ;;
    '--duration')
        return
        ;;
    '--source')
        __tcpstate_add_completions -W 'auto'$'\n''tracefs'$'\n''perf'$'\n''poll'
        return
        ;;
    '--interval')
        return
        ;;
    '--events')
        return
        ;;
    '--ready-file')
        __tcpstate_add_completions -f
        return
        ;;
    esac
}

_tcpstate_explain() {
    repeating_flags=()
    non_repeating_flags=(--json --no-live --no-neighbourhood --version -h --help)
    repeating_options=()
    non_repeating_options=(--topic --state --lang --proc-root --color --netns)
    __tcpstate_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--topic')
        __tcpstate_add_completions -W 'handshake'$'\n''close'$'\n''time-wait'$'\n''syn-flood'$'\n''keepalive'$'\n''rst'
        return
        ;;
    '--state')
        __tcpstate_add_completions -W 'ESTABLISHED'$'\n''SYN_SENT'$'\n''SYN_RECV'$'\n''FIN_WAIT1'$'\n''FIN_WAIT2'$'\n''TIME_WAIT'$'\n''CLOSE'$'\n''CLOSE_WAIT'$'\n''LAST_ACK'$'\n''LISTEN'$'\n''CLOSING'$'\n''NEW_SYN_RECV'$'\n''BOUND_INACTIVE'$'\n''all'$'\n''connected'$'\n''synchronized'$'\n''bucket'$'\n''big'
        return
        ;;
    '--lang')
        __tcpstate_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--proc-root')
        __tcpstate_add_completions -d
        return
        ;;
    '--color')
        __tcpstate_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--netns')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __tcpstate_add_completions -W 'ESTABLISHED'$'\n''SYN_SENT'$'\n''SYN_RECV'$'\n''FIN_WAIT1'$'\n''FIN_WAIT2'$'\n''TIME_WAIT'$'\n''CLOSE'$'\n''CLOSE_WAIT'$'\n''LAST_ACK'$'\n''LISTEN'$'\n''CLOSING'$'\n''NEW_SYN_RECV'$'\n''BOUND_INACTIVE'$'\n''handshake'$'\n''close'$'\n''time-wait'$'\n''syn-flood'$'\n''keepalive'$'\n''rst'$'\n''tcp_syn_retries'$'\n''tcp_syn_linear_timeouts'$'\n''tcp_synack_retries'$'\n''tcp_max_syn_backlog'$'\n''tcp_syncookies'$'\n''tcp_abort_on_overflow'$'\n''somaxconn'$'\n''tcp_fastopen'$'\n''tcp_fin_timeout'$'\n''tcp_max_tw_buckets'$'\n''tcp_tw_reuse'$'\n''tcp_rfc1337'$'\n''tcp_max_orphans'$'\n''tcp_orphan_retries'$'\n''ip_local_port_range'$'\n''tcp_retries1'$'\n''tcp_retries2'$'\n''tcp_keepalive_time'$'\n''tcp_keepalive_intvl'$'\n''tcp_keepalive_probes'$'\n''tcp_congestion_control'$'\n''tcp_rmem'$'\n''tcp_wmem'$'\n''tcp_timestamps'$'\n''tcp_sack'$'\n''tcp_window_scaling'$'\n''tcp_ecn'$'\n''tcp_mtu_probing'$'\n''tcp_notsent_lowat'$'\n''tcp_slow_start_after_idle'$'\n''tcp_mem'$'\n''tcp_tw_reuse_delay'$'\n''tcp_rto_min_us'$'\n''tcp_rto_max_ms'$'\n''ip_local_reserved_ports'$'\n''tcp_challenge_ack_limit'$'\n''rmem_max'$'\n''wmem_max'$'\n''netdev_max_backlog'
        return
        ;;
    esac
}

_tcpstate_tunables() {
    repeating_flags=()
    non_repeating_flags=(--json -H --no-header --changed --version -h --help)
    repeating_options=()
    non_repeating_options=(--lang --proc-root --color --netns)
    __tcpstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--lang')
        __tcpstate_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--proc-root')
        __tcpstate_add_completions -d
        return
        ;;
    '--color')
        __tcpstate_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--netns')
        return
        ;;
    esac
}

_tcpstate_diagram() {
    repeating_flags=()
    non_repeating_flags=(--no-live --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--format --lang --color --netns)
    __tcpstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--format')
        __tcpstate_add_completions -W 'text'$'\n''dot'$'\n''mermaid'
        return
        ;;
    '--lang')
        __tcpstate_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--color')
        __tcpstate_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--netns')
        return
        ;;
    esac
}

_tcpstate_doctor() {
    repeating_flags=()
    non_repeating_flags=(-4 -6 --json --version -h --help)
    repeating_options=(--port --sport --dport --src --dst)
    non_repeating_options=(--lang --proc-root --color --netns --interval --min-count)
    __tcpstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--port')
        return
        ;;
    '--sport')
        return
        ;;
    '--dport')
        return
        ;;
    '--src')
        return
        ;;
    '--dst')
        return
        ;;
    '--lang')
        __tcpstate_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--proc-root')
        __tcpstate_add_completions -d
        return
        ;;
    '--color')
        __tcpstate_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--netns')
        return
        ;;
    '--interval')
        return
        ;;
    '--min-count')
        return
        ;;
    esac
}

_tcpstate_top() {
    repeating_flags=()
    non_repeating_flags=(-l --listening -4 -6 --json -H --no-header --reverse -p --process -b --batch --version -h --help)
    repeating_options=(-S --state --port --sport --dport --src --dst --cgroup --where --pid --command --uid --columns)
    non_repeating_options=(--color --netns -d --delay --sort -n --iterations)
    __tcpstate_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-S'|'--state')
        __tcpstate_add_completions -W 'ESTABLISHED'$'\n''SYN_SENT'$'\n''SYN_RECV'$'\n''FIN_WAIT1'$'\n''FIN_WAIT2'$'\n''TIME_WAIT'$'\n''CLOSE'$'\n''CLOSE_WAIT'$'\n''LAST_ACK'$'\n''LISTEN'$'\n''CLOSING'$'\n''NEW_SYN_RECV'$'\n''BOUND_INACTIVE'$'\n''all'$'\n''connected'$'\n''synchronized'$'\n''bucket'$'\n''big'
        return
        ;;
    '--port')
        return
        ;;
    '--sport')
        return
        ;;
    '--dport')
        return
        ;;
    '--src')
        return
        ;;
    '--dst')
        return
        ;;
    '--cgroup')
        return
        ;;
    '--where')
        return
        ;;
    '--pid')
        return
        ;;
    '--command')
        return
        ;;
    '--uid')
        return
        ;;
    '--color')
        __tcpstate_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--netns')
        return
        ;;
    '-d'|'--delay')
        return
        ;;
    '--sort')
        __tcpstate_add_completions -W 'state'$'\n''family'$'\n''local'$'\n''peer'$'\n''process'$'\n''send'$'\n''recv'$'\n''rtt'$'\n''cwnd'$'\n''retrans'$'\n''retrans_total'$'\n''recv_q'$'\n''send_q'$'\n''age'
        return
        ;;
    '--columns')
        __tcpstate_add_completions -W 'state'$'\n''family'$'\n''local'$'\n''peer'$'\n''process'$'\n''send'$'\n''recv'$'\n''rtt'$'\n''cwnd'$'\n''retrans'$'\n''retrans_total'$'\n''recv_q'$'\n''send_q'$'\n''age'
        return
        ;;
    '-n'|'--iterations')
        return
        ;;
    esac
}

_tcpstate_kill() {
    repeating_flags=()
    non_repeating_flags=(-l --listening -4 -6 --json -H --no-header --all -n --dry-run -y --yes --force --all-netns --version -h --help)
    repeating_options=(-S --state --port --sport --dport --src --dst --cgroup --where --pid --command --uid)
    non_repeating_options=(--color --netns)
    __tcpstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-S'|'--state')
        __tcpstate_add_completions -W 'ESTABLISHED'$'\n''SYN_SENT'$'\n''SYN_RECV'$'\n''FIN_WAIT1'$'\n''FIN_WAIT2'$'\n''TIME_WAIT'$'\n''CLOSE'$'\n''CLOSE_WAIT'$'\n''LAST_ACK'$'\n''LISTEN'$'\n''CLOSING'$'\n''NEW_SYN_RECV'$'\n''BOUND_INACTIVE'$'\n''all'$'\n''connected'$'\n''synchronized'$'\n''bucket'$'\n''big'
        return
        ;;
    '--port')
        return
        ;;
    '--sport')
        return
        ;;
    '--dport')
        return
        ;;
    '--src')
        return
        ;;
    '--dst')
        return
        ;;
    '--cgroup')
        return
        ;;
    '--where')
        return
        ;;
    '--pid')
        return
        ;;
    '--command')
        return
        ;;
    '--uid')
        return
        ;;
    '--color')
        __tcpstate_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--netns')
        return
        ;;
    esac
}

_tcpstate_exporter() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=(--port)
    non_repeating_options=(--listen --max-listeners --by-cgroup --max-cgroups --doctor-interval --max-connections --max-scrapes --netns)
    __tcpstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--listen')
        return
        ;;
    '--port')
        return
        ;;
    '--max-listeners')
        return
        ;;
    '--by-cgroup')
        return
        ;;
    '--max-cgroups')
        return
        ;;
    '--doctor-interval')
        return
        ;;
    '--max-connections')
        return
        ;;
    '--max-scrapes')
        return
        ;;
    '--netns')
        return
        ;;
    esac
}

_tcpstate_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __tcpstate_offer_flags_options -1
}

complete -o filenames -F _tcpstate tcpstate
