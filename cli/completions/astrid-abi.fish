# fish completion for astrid-abi (installed by `cmake --install` into
# share/fish/vendor_completions.d/). tests/documented_options.cmake holds
# it to every option `astrid-abi COMMAND --help` lists.
set -l commands check caps diff table rules help
set -l releases all v0.2.0 v0.3.0 v0.4.0 v0.5.0 v0.5.1 v0.6.0 v0.7.0 v0.8.0 v0.9.0 v0.9.1 v0.9.2 v0.9.3 v0.9.4 v0.10.0 v0.10.1 v0.10.2 v0.10.3 v0.10.4 main wit
complete -c astrid-abi -f
complete -c astrid-abi -n "not __fish_seen_subcommand_from $commands" -a "$commands"
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l abi -x -a "$releases" -d 'kernel releases, or all'
complete -c astrid-abi -n "__fish_seen_subcommand_from caps diff table" -l abi -x -a "$releases[2..-1]" -d 'one kernel release'
complete -c astrid-abi -n "__fish_seen_subcommand_from check caps diff" -l manifest -r -d 'the Capsule.toml of a .wasm input'
complete -c astrid-abi -n "__fish_seen_subcommand_from check caps diff" -l config -r -d 'the configuration file'
complete -c astrid-abi -n "__fish_seen_subcommand_from check caps diff" -l no-config -d 'ignore any .astrid-abi.toml'
complete -c astrid-abi -n "__fish_seen_subcommand_from check caps diff table rules" -s o -l output -r -F -d 'write the output to this file'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l require -x -d 'syscalls the capsule must import'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l require-all -d 'the capsule must import every syscall'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l format -x -a 'text json sarif github'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l fail-on -x -a 'error warning note'
complete -c astrid-abi -n "__fish_seen_subcommand_from check diff" -l color -x -a 'auto always never'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -s q -l quiet -d 'findings only'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -s v -l verbose -d 'also the rule settings'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l validate -d 'also validate with wabt'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -s j -l jobs -x -d 'inputs checked at once'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l baseline -r -F -d 'fail only on findings not in this baseline'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l write-baseline -r -F -d 'record the findings in this file'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l exclude -x -d 'skip what matches this glob in directories'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l base-dir -x -a '(__fish_complete_directories)' -d 'SARIF and github paths relative to this directory'
complete -c astrid-abi -n "__fish_seen_subcommand_from check" -l wit -x -a '(__fish_complete_directories)' -d 'a kernel checkout WIT directory'
complete -c astrid-abi -n "__fish_seen_subcommand_from caps" -l emit-manifest -d 'print the [capabilities] table'
complete -c astrid-abi -n "__fish_seen_subcommand_from caps" -l port -d 'the component-era function replacing each syscall'
complete -c astrid-abi -n "__fish_seen_subcommand_from caps" -l merge -r -F -d 'print this Capsule.toml with the missing grants added'
complete -c astrid-abi -n "__fish_seen_subcommand_from caps diff" -l format -x -a 'text json'
complete -c astrid-abi -n "__fish_seen_subcommand_from diff" -l fail-on-new-capability -d 'exit 1 on a new capability'
complete -c astrid-abi -n "__fish_seen_subcommand_from table" -l format -x -a 'text json markdown wat c wit'
complete -c astrid-abi -n "__fish_seen_subcommand_from table" -l releases -d 'list every release'
complete -c astrid-abi -n "__fish_seen_subcommand_from rules" -l format -x -a 'text markdown man json'
complete -c astrid-abi -n "__fish_seen_subcommand_from check caps diff" -F
