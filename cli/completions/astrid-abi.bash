# bash completion for astrid-abi (installed by `cmake --install` into
# share/bash-completion/completions/). tests/documented_options.cmake holds
# it to every option `astrid-abi COMMAND --help` lists.
_astrid_abi() {
  local cur prev words cword
  _init_completion || return
  local commands="check caps diff table rules help"
  local releases="all v0.2.0 v0.3.0 v0.4.0 v0.5.0 v0.5.1 v0.6.0 v0.7.0 v0.8.0 v0.9.0 v0.9.1 v0.9.2 v0.9.3 v0.9.4 v0.10.0 v0.10.1 v0.10.2 v0.10.3 v0.10.4 main wit "
  local common="--abi --manifest --config --no-config --output -o --help"
  if ((cword == 1)); then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  case $prev in
    --abi)
      # check takes a list or all; caps, diff and table one release.
      if [[ ${words[1]} == check ]]; then COMPREPLY=($(compgen -W "$releases" -- "$cur"))
      else COMPREPLY=($(compgen -W "${releases/all /}" -- "$cur")); fi
      return ;;
    --format)
      case ${words[1]} in
        check) COMPREPLY=($(compgen -W "text json sarif github" -- "$cur")) ;;
        table) COMPREPLY=($(compgen -W "text json markdown wat c wit" -- "$cur")) ;;
        rules) COMPREPLY=($(compgen -W "text markdown man json" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
      esac
      return ;;
    --fail-on) COMPREPLY=($(compgen -W "error warning note" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --manifest | --config | --merge) _filedir toml; return ;;
    --baseline | --write-baseline) _filedir json; return ;;
    --wit|--base-dir) _filedir -d; return ;;
    --output | -o) _filedir; return ;;
    --require | -j | --jobs) return ;;
  esac
  local options
  case ${words[1]} in
    check) options="$common --require --require-all --format --fail-on --color --quiet -q --verbose -v --validate --jobs -j --wit --exclude --baseline --write-baseline --base-dir" ;;
    caps) options="$common --emit-manifest --port --merge --format" ;;
    diff) options="$common --fail-on-new-capability --format --color" ;;
    table) options="--abi --format --releases --output -o --help" ;;
    rules) options="--format --output -o --help" ;;
    help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [[ ${words[1]} == rules ]]; then
    COMPREPLY=($(compgen -W "$(astrid-abi rules 2>/dev/null | awk '{print $1}')" -- "$cur"))
  else
    _filedir '@(wasm|capsule)'
  fi
}
complete -F _astrid_abi astrid-abi
