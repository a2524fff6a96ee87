# bash completion for nvmet and nvmet-io (make install puts it in
# $(PREFIX)/share/bash-completion/completions under both names).
#
# Commands and options are read from the tools' own --help when TAB is
# pressed, so the completion follows the tool it completes; values are
# completed for the options that take a known set (-o, --rw...), devices
# (/dev/nvmetestN, emu:, PCI addresses of NVMe functions) for DEV.

# The options a --help text shows: -x and --long words, once each, and --help.
_nvmet_help_opts()
{
	{ "$@" --help 2>/dev/null | grep -oE -- '(^|[[:space:],[|])--?[[:alnum:]][[:alnum:]_+-]*' |
		sed 's/^[^-]*//'; echo --help; } | sort -u
}

# NVMe PCI functions (class 0108xx), for bind and unbind.
_nvmet_pci_nvme()
{
	local d class
	for d in /sys/bus/pci/devices/*; do
		[ -r "$d/class" ] || continue
		read -r class <"$d/class"
		[[ $class == 0x0108* ]] && printf '%s\n' "${d##*/}"
	done
}

# What DEV may be: the module's devices, then the emulated controller.
_nvmet_devs()
{
	local d
	for d in /dev/nvmetest*; do
		[ -e "$d" ] && printf '%s\n' "$d"
	done
	printf '%s\n' emu: emu
}

_nvmet_files()
{
	local IFS=$'\n'
	COMPREPLY=($(compgen -f -- "$1"))
}

# The words with ':' kept inside them (emu:ns=2, 0000:01:00.0), which
# bash splits at ':': through bash-completion when it is there, else from
# the line itself. Sets cur, prev, words, cword.
_nvmet_words()
{
	local line IFS=$' \t\n'

	if declare -F _get_comp_words_by_ref >/dev/null; then
		_get_comp_words_by_ref -n : cur prev words cword
		return
	fi
	if [[ -n ${COMP_LINE:-} ]]; then
		line=${COMP_LINE:0:COMP_POINT}
		read -ra words <<<"$line"
		[[ -z $line || $line == *[[:space:]] ]] && words+=("")
		cword=$((${#words[@]} - 1))
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	cur=${words[cword]}
	prev=
	((cword > 0)) && prev=${words[cword - 1]}
}

# What replaces the current word is only what follows its last ':' when
# bash split the word there.
_nvmet_colons()
{
	local pre i

	if declare -F __ltrim_colon_completions >/dev/null; then
		__ltrim_colon_completions "$cur"
	elif [[ $cur == *:* && $COMP_WORDBREAKS == *:* && -n ${COMP_LINE:-} ]]; then
		pre=${cur%"${cur##*:}"}
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=${COMPREPLY[i]#"$pre"}
		done
	fi
}

_nvmet()
{
	local cur prev words cword cmd= i=1 w
	local IFS=$'\n'

	_nvmet_words
	# The command: the first word after the global --plugin options.
	while ((i < cword)); do
		w=${words[i]}
		if [[ $w == --plugin ]]; then
			((i += 2))
			continue
		fi
		[[ $w == --plugin=* ]] && { ((i++)); continue; }
		cmd=$w
		break
	done
	COMPREPLY=()
	if [[ -z $cmd ]]; then
		if [[ $prev == --plugin ]]; then
			_nvmet_files "$cur"
		elif [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W $'--plugin\n--help' -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(nvmet --help 2>/dev/null |
				sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')" -- "$cur"))
		fi
		return 0
	fi
	case $prev in
	-o|--output-format)
		# Where -o is the output format: get-log's is nvme-cli's --lpo, an offset.
		if [[ $prev == --output-format ]] ||
		   nvmet "$cmd" --help 2>/dev/null | grep -q -e '-o, --output-format'; then
			COMPREPLY=($(compgen -W $'normal\njson\nbinary' -- "$cur"))
		fi
		return 0 ;;
	--plugin|--fw|--data|--write|--pcap)
		_nvmet_files "$cur"
		return 0 ;;
	-f|-d)
		case $cmd in fw-download|set-feature) _nvmet_files "$cur"; return 0 ;; esac ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_nvmet_help_opts nvmet "$cmd")" -- "$cur"))
	elif [[ $cmd == bind || $cmd == unbind ]]; then
		COMPREPLY=($(compgen -W "$(_nvmet_pci_nvme)" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$(_nvmet_devs)" -- "$cur"))
	fi
	_nvmet_colons
	return 0
}

_nvmet_io()
{
	local cur prev words cword
	local IFS=$'\n'

	_nvmet_words
	COMPREPLY=()
	case $prev in
	--rw|--readwrite)
		COMPREPLY=($(compgen -W $'read\nwrite\nrandread\nrandwrite\nrw\nreadwrite\nrandrw' \
			-- "$cur")) ;;
	--output-format)
		COMPREPLY=($(compgen -W $'normal\njson\njson+' -- "$cur")) ;;
	--engine|--ioengine)
		COMPREPLY=($(compgen -W $'nvmet\naio\nlibaio' -- "$cur")) ;;
	--ptype)
		COMPREPLY=($(compgen -W $'zero\none\ndword\nrandom' -- "$cur")) ;;
	--distribution)
		COMPREPLY=($(compgen -W jedec -- "$cur"))
		COMPREPLY+=($(compgen -f -- "$cur")) ;;
	--dev|--filename)
		COMPREPLY=($(compgen -W "$(_nvmet_devs; compgen -G '/dev/nvme*n*')" -- "$cur")) ;;
	--plugin|--replay|--output|--plot)
		_nvmet_files "$cur" ;;
	*)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_nvmet_help_opts nvmet-io)" -- "$cur"))
		else
			_nvmet_files "$cur"	# a job file
		fi ;;
	esac
	_nvmet_colons
	return 0
}

complete -F _nvmet nvmet
complete -F _nvmet_io nvmet-io
