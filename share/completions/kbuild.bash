# bash completion for kbuild
_kbuild() {
  local cur prev words cword
  _init_completion 2>/dev/null || { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; }
  local commands="new build image run test runner clean gdb flags doctor"
  local global="-h --help -V --version -v --verbose -q --quiet --color --manifest-path"
  local command="" word
  for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case " $commands " in *" $word "*) command=$word; break ;; esac
  done
  case $prev in
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --firmware) COMPREPLY=($(compgen -W "bios uefi all" -- "$cur")); return ;;
    --accel) COMPREPLY=($(compgen -W "auto kvm tcg" -- "$cur")); return ;;
    --module) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --compile) COMPREPLY=($(compgen -W "c c++ asm" -- "$cur")); return ;;
    --arch) COMPREPLY=($(compgen -W "x86_64 aarch64 riscv64" -- "$cur")); return ;;
    --manifest-path|-o|--output|--junit|--screenshot) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --profile|--name|--cmdline|--stack-size|--timeout|-j|--jobs|--gdb-port|--skip) return ;;
  esac
  local options
  case $command in
    "") COMPREPLY=($(compgen -W "$commands $global" -- "$cur")); return ;;
    new) options="--name --arch" ;;
    build) options="-r --release --profile -j --jobs" ;;
    image) options="-o --output --cmdline --stack-size" ;;
    run) options="-r --release --profile -j --jobs --headless --timeout --screenshot --gdb --gdb-port --firmware --accel" ;;
    test) options="-r --release --profile -j --jobs --junit --firmware --accel --list --exact --skip --fail-fast --nocapture --bless" ;;
    runner) options="--test --headless --timeout --firmware --accel --screenshot --gdb --gdb-port --module" ;;
    clean) options="" ;;
    gdb) options="-r --release --profile -j --jobs --gdb-port --firmware" ;;
    flags) options="--arch --compile --link --cmake" ;;
    doctor) options="" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options -h --help" -- "$cur"))
  elif [[ $command == new || $command == image || $command == runner ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _kbuild kbuild
