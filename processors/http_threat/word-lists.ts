/**
 * Word lists behind the broad rule families, in the manner of CRS's data files: command and function names
 * that are code only in the syntax the detectors put around them (after a shell separator, before a call's
 * parenthesis), never on their own, so "cat toys" or "copy paper" stay plain text.
 */

/** Unix programs an injected command line starts with (interpreters, file readers, downloaders, shells). */
export const UNIX_COMMANDS = [
  'cat', 'tac', 'ls', 'id', 'whoami', 'uname', 'wget', 'curl', 'lwp-download', 'lwp-request', 'aria2c', 'nc', 'ncat', 'netcat', 'socat',
  'bash', 'sh', 'zsh', 'ksh', 'dash', 'ash', 'csh', 'tcsh', 'fish', 'busybox', 'rbash',
  'ping', 'nslookup', 'dig', 'whois', 'traceroute', 'telnet', 'ftp', 'tftp', 'sftp', 'scp', 'ssh', 'rsync', 'smbclient',
  'echo', 'printf', 'rm', 'rmdir', 'chmod', 'chown', 'chgrp', 'chattr', 'touch', 'mkdir', 'cp', 'mv', 'ln', 'dd', 'tee', 'truncate',
  'perl[\\d.]*', 'python[\\d.]*', 'ruby[\\d.]*', 'php[\\d.]*', 'lua[\\d.]*', 'node', 'nodejs', 'irb', 'pry', 'tclsh', 'wish', 'jrunscript', 'jjs', 'gawk', 'mawk', 'nawk', 'awk', 'sed', 'ed', 'vi', 'vim', 'rvim', 'nano', 'emacs',
  'ifconfig', 'ip', 'route', 'arp', 'netstat', 'ss', 'lsof', 'iptables',
  'head', 'tail', 'more', 'less', 'nl', 'od', 'xxd', 'hexdump', 'hd', 'strings', 'base32', 'base64', 'basenc', 'uuencode', 'uudecode', 'iconv', 'cut', 'uniq', 'diff', 'shuf', 'rev', 'readelf', 'jq',
  'tar', 'bsdtar', 'gzip', 'gunzip', 'bzip2', 'bunzip2', 'bzcat', 'zcat', 'xz', 'xzcat', 'zip', 'unzip', '7z', '7za', 'ar', 'cpio',
  'nohup', 'env', 'exec', 'eval', 'sudo', 'su', 'pkexec', 'doas', 'kill', 'killall', 'pkill', 'pgrep', 'ps', 'find', 'locate', 'grep', 'egrep', 'fgrep', 'xargs', 'timeout', 'time', 'nice', 'ionice', 'taskset', 'stdbuf', 'setarch', 'unshare', 'nsenter', 'chroot', 'strace', 'ltrace', 'gdb', 'valgrind', 'screen', 'tmux', 'script', 'expect', 'run-parts', 'start-stop-daemon',
  'uptime', 'hostname', 'hostnamectl', 'printenv', 'lscpu', 'lsb_release', 'lsmod', 'pstree', 'sysctl', 'who', 'w', 'last', 'finger', 'groups', 'dmesg', 'journalctl', 'systemctl', 'service', 'crontab', 'at', 'mount', 'useradd', 'usermod', 'passwd', 'visudo', 'getent',
  'alias', 'set', 'export', 'unset', 'source', 'openssl', 'expr', 'gcc', 'cc', 'make', 'git', 'docker', 'kubectl', 'apt', 'apt-get', 'yum', 'dnf', 'rpm', 'dpkg', 'pip[\\d.]*', 'gem', 'npm', 'cpan', 'mysql', 'psql', 'sqlite3', 'nmap', 'xterm', 'lynx', 'perf',
  'ansible[\\w-]*', 'chef[\\w-]*', 'puppet', 'facter', 'cscli', 'aa-[\\w-]+',
].join('|');

/** Windows commands and PowerShell cmdlets and aliases. */
export const WINDOWS_COMMANDS = [
  'cmd', 'powershell', 'pwsh', 'net', 'net1', 'type', 'dir', 'ipconfig', 'systeminfo', 'tasklist', 'taskkill', 'reg', 'regedit', 'regsvr32', 'rundll32', 'mshta', 'certutil', 'bitsadmin', 'wmic', 'cscript', 'wscript', 'schtasks', 'sc', 'netsh', 'icacls', 'cacls', 'attrib', 'xcopy', 'robocopy', 'del', 'erase', 'ren', 'rd', 'takeown', 'shutdown', 'msiexec', 'forfiles', 'findstr', 'where', 'query', 'nltest', 'dsquery', 'cipher', 'vssadmin', 'wevtutil', 'bcdedit', 'bcdboot', 'diskpart', 'runas', 'msbuild', 'installutil', 'regasm', 'odbcconf', 'cmstp',
  'iex', 'iwr', 'irm', 'iwmi', 'gwmi', 'saps', 'sal', 'invoke-expression', 'invoke-webrequest', 'invoke-restmethod', 'invoke-wmimethod', 'invoke-command', 'get-wmiobject', 'start-process', 'new-object', 'get-content', 'set-content', 'get-childitem', 'remove-item', 'start-bitstransfer',
].join('|');

/** Programs of both systems, in the Unix list above, whose Windows forms take `/switches` (`timeout /t 10`, `whoami /priv`). */
export const SHARED_COMMANDS = ['timeout', 'ping', 'nslookup', 'whoami'].join('|');

/**
 * Command names that are also English words a sentence starts with ("At the store", "Find out more"): after a
 * line break, text from a form field, they are taken as a command only before an argument that is not another
 * word ("at 10:00", "find / -name"), while after `;`, `|` or `&&` they still are.
 */
export const PROSE_COMMANDS = [
  'at', 'who', 'last', 'find', 'time', 'set', 'make', 'more', 'less', 'head', 'tail', 'cut', 'touch', 'kill', 'type', 'where', 'query',
  'service', 'mount', 'groups', 'finger', 'route', 'net', 'erase',
].join('|');

/**
 * Commands that, run without an argument, only wait for input or fail: in a list of words glued by pipes
 * (`pet=dog|cat`, `brand=wilson|head`) such a name is an element, not a command that does anything.
 */
export const IDLE_WITHOUT_ARGUMENTS = ['cat', 'tac', 'head', 'tail', 'more', 'less', 'cut', 'sort', 'uniq', 'rev', 'nl', 'tee', 'touch', 'kill', 'at', 'type', 'time', 'echo'].join('|');

/**
 * PHP functions that run code, reach the system or the network, or read and write files: the names CRS
 * calls high risk, plus the file and process ones. Ordinary English words among PHP functions (file, copy,
 * mail, date, list) are left out; they would make "copy (2)" a call.
 */
export const PHP_FUNCTIONS = [
  'eval', 'assert', 'assert_options', '__halt_compiler', 'system', 'exec', 'shell_exec', 'passthru', 'popen', 'proc_open', 'proc_close', 'proc_nice', 'proc_terminate', 'proc_get_status', 'pcntl_exec', 'pcntl_fork', 'dl',
  'base64_decode', 'convert_uudecode', 'hex2bin', 'gzinflate', 'gzuncompress', 'gzdecode', 'gzread', 'gzopen', 'gzfile', 'bzdecompress', 'bzopen', 'bzread', 'lzf_decompress', 'str_rot13', 'strrev', 'pack', 'unpack', 'chr', 'ord',
  'preg_replace', 'preg_replace_callback', 'call_user_func', 'call_user_func_array', 'create_function', 'func_get_args', 'forward_static_call', 'register_shutdown_function', 'register_tick_function', 'set_error_handler', 'set_exception_handler', 'spl_autoload_register', 'iterator_apply', 'ob_start',
  'array_map', 'array_filter', 'array_walk', 'array_walk_recursive', 'array_reduce', 'array_diff_ukey', 'array_udiff', 'usort', 'uasort', 'uksort',
  'file_get_contents', 'file_put_contents', 'file_exists', 'fopen', 'fread', 'fwrite', 'fputs', 'fgets', 'fgetc', 'fputcsv', 'fgetcsv', 'fpassthru', 'fclose', 'readfile', 'readdir', 'opendir', 'scandir', 'glob', 'tempnam', 'tmpfile', 'unlink', 'symlink', 'chmod', 'chown', 'chgrp', 'touch', 'mkdir', 'filegroup', 'fileowner', 'fileperms', 'is_writable', 'is_readable', 'highlight_file', 'show_source', 'php_strip_whitespace', 'parse_ini_file', 'move_uploaded_file',
  'fsockopen', 'pfsockopen', 'stream_socket_client', 'stream_socket_server', 'stream_context_create', 'stream_get_contents', 'curl_init', 'curl_exec', 'curl_multi_exec', 'socket_create', 'socket_connect', 'ftp_connect', 'mail', 'mb_send_mail',
  'include', 'include_once', 'require', 'require_once', 'phpinfo', 'phpversion', 'php_uname', 'getenv', 'putenv', 'ini_get', 'ini_set', 'ini_restore', 'ini_get_all', 'get_cfg_var', 'getcwd', 'getmypid', 'getmyuid', 'get_current_user', 'get_defined_vars', 'get_defined_functions', 'extract', 'parse_str', 'unserialize', 'serialize', 'var_dump', 'var_export', 'print_r', 'debug_zval_dump',
  'posix_\\w+', 'intval', 'strip_tags', 'substr', 'str_replace', 'sprintf', 'vsprintf', 'escapeshellarg', 'escapeshellcmd', 'apache_\\w+', 'pg_\\w+', 'mysqli?_\\w+', 'ldap_\\w+', 'sqlite_\\w+', 'openssl_\\w+', 'array_\\w+', 'date_\\w+', 'str_\\w+', 'stream_\\w+', 'session_\\w+', 'xml_\\w+', 'mb_\\w+', 'func_\\w+', 'curl_\\w+', 'gz\\w+', 'bz\\w+',
].join('|');
