/** The request mix of the proxy-check benches: nine ordinary shop requests, then one attack, repeating. */
export const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const BENIGN = ['/shop/cart?item=42&qty=2', '/products/1234/reviews?page=3&sort=newest', '/static/js/app.3f9c1b.js', '/search?q=running+shoes+size+44', '/account/orders/98765', '/api/v2/basket/items', '/blog/2026/11/winter-sale', '/checkout/shipping?country=DE'];
const ATTACKS: [string, string][] = [
  ["/products?id=1'%20UNION%20SELECT%20username,password%20FROM%20users--", BROWSER],
  ['/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E', BROWSER],
  ['/download?file=../../../../etc/passwd', BROWSER],
  ['/shop', 'sqlmap/1.7.2#stable (https://sqlmap.org)'],
];

/** The i-th request's target and User-Agent. */
export function requestAt(i: number): { target: string; ua: string } {
  if (i % 10 === 9) {
    const [target, ua] = ATTACKS[Math.floor(i / 10) % ATTACKS.length] as [string, string];
    return { target, ua };
  }
  return { target: BENIGN[i % BENIGN.length] as string, ua: BROWSER };
}
