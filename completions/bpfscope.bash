# bash completion for bpfscope: options, their fixed values, and probe names
# (asked from `bpfscope -l GLOB`) after -l and at the start of an -e program.

# The word being completed and the one before it, split at spaces only:
# bash also splits words at ':', which probe names are full of.
_bpfscope_words() {
  local line=${COMP_LINE:0:COMP_POINT}
  _bpfscope_cur=${line##*[[:space:]]}
  local before=${line%"$_bpfscope_cur"}
  before=${before%"${before##*[![:space:]]}"}
  _bpfscope_prev=${before##*[[:space:]]}
}

# Probes matching WORD*, with what bash already treats as a separate word
# (everything up to the last ':') cut off each reply.
_bpfscope_probes() {
  local word=${1#[\'\"]}
  local kept=""
  [[ $COMP_WORDBREAKS == *:* && $word == *:* ]] && kept=${word%:*}:
  local probe
  COMPREPLY=()
  while IFS= read -r probe; do
    COMPREPLY+=("${probe#"$kept"}")
  done < <(bpfscope -l "$word*" 2>/dev/null)
}

_bpfscope() {
  local _bpfscope_cur _bpfscope_prev
  _bpfscope_words
  local cur=$_bpfscope_cur
  case $_bpfscope_prev in
  -d) COMPREPLY=($(compgen -W "ast ir asm" -- "$cur")) ;;
  -f) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
  -B) COMPREPLY=($(compgen -W "line full none" -- "$cur")) ;;
  -o | --output) COMPREPLY=($(compgen -f -- "$cur")) ;;
  -p | --pid) COMPREPLY=($(compgen -W "$(ps -eo pid= 2>/dev/null)" -- "$cur")) ;;
  -c | --cmd) COMPREPLY=($(compgen -c -- "$cur")) ;;
  -l | --list | -e) _bpfscope_probes "$cur" ;;
  *)
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "-e -l --list -q --quiet -v --verbose -d --dry-run -f -o
        --output -B --unsafe -c --cmd -p --pid --no-cache --info --bench --test -V --version -h \
        --help" -- "$cur"))
    else
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
    ;;
  esac
}

complete -F _bpfscope bpfscope
