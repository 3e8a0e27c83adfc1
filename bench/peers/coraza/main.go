// Command coraza-peer scores HTTP requests with the OWASP Core Rule Set run by Coraza, the reference the
// HTTP threat scorer is measured against. It sees only what an access log holds: method, URI, User-Agent
// and Referer, plus Host (the request's own, else localhost), a browser Accept header and, for POST/PUT/PATCH, Content-Length: 0. Requests are
// evaluated in phases 1 and 2 (no body), in anomaly-scoring mode.
//
//	coraza-peer [-paranoia 1] < requests.jsonl > verdicts.jsonl
//	coraza-peer -bench 3s [-paranoia 1] < requests.jsonl     (prints one JSON object of throughput figures)
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	coreruleset "github.com/corazawaf/coraza-coreruleset/v4"
	"github.com/corazawaf/coraza/v3"
	"github.com/corazawaf/coraza/v3/experimental/plugins/plugintypes"
	"github.com/corazawaf/coraza/v3/types"
)

type request struct {
	ID        string `json:"id"`
	Method    string `json:"method"`
	URI       string `json:"uri"`
	UserAgent string `json:"user_agent,omitempty"`
	Referer   string `json:"referer,omitempty"`
	Host      string `json:"host,omitempty"`
}

type verdict struct {
	ID           string `json:"id"`
	Blocked      bool   `json:"blocked"`
	AnomalyScore int    `json:"anomaly_score"`
	RuleIDs      []int  `json:"rule_ids"`
}

// The browser-like Accept header every request carries: access logs do not record it, and without it CRS
// would flag every request for a missing Accept header at higher paranoia levels.
const acceptHeader = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

func newWAF(paranoia int) (coraza.WAF, error) {
	// coraza.conf-recommended sets DetectionOnly; SecRuleEngine On after it makes 949110 interrupt. The
	// inbound anomaly threshold stays at the CRS default (5).
	directives := fmt.Sprintf(`
Include @coraza.conf-recommended
Include @crs-setup.conf.example
SecRuleEngine On
SecAction "id:900000,phase:1,pass,t:none,nolog,setvar:tx.blocking_paranoia_level=%d"
Include @owasp_crs/*.conf
`, paranoia)
	return coraza.NewWAF(coraza.NewWAFConfig().WithRootFS(coreruleset.FS).WithDirectives(directives))
}

func evaluate(waf coraza.WAF, r *request) verdict {
	tx := waf.NewTransaction()
	defer func() { _ = tx.Close() }()
	tx.ProcessConnection("127.0.0.1", 40000, "127.0.0.1", 80)
	method := r.Method
	if method == "" {
		method = "GET"
	}
	tx.ProcessURI(r.URI, method, "HTTP/1.1")
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	tx.AddRequestHeader("Host", host)
	tx.AddRequestHeader("Accept", acceptHeader)
	if r.UserAgent != "" {
		tx.AddRequestHeader("User-Agent", r.UserAgent)
	}
	if r.Referer != "" {
		tx.AddRequestHeader("Referer", r.Referer)
	}
	if method == "POST" || method == "PUT" || method == "PATCH" {
		// The log has no body; an empty one keeps the request well-formed (920180 flags a POST without it).
		tx.AddRequestHeader("Content-Length", "0")
	}
	it := tx.ProcessRequestHeaders()
	if it == nil {
		// Phase 2 runs the request rules that CRS keeps there, and 949110, the blocking evaluation.
		it, _ = tx.ProcessRequestBody()
	}
	v := verdict{ID: r.ID, Blocked: it != nil, RuleIDs: matchedRequestRules(tx.MatchedRules())}
	if state, ok := tx.(plugintypes.TransactionState); ok {
		if values := state.Variables().TX().Get("blocking_inbound_anomaly_score"); len(values) > 0 {
			v.AnomalyScore, _ = strconv.Atoi(values[0])
		}
	}
	return v
}

// matchedRequestRules keeps the detection rules (911100 to 944999): CRS numbers the paranoia-level skip
// markers of each file below xxx100 and the blocking evaluation 949xxx, and those match on every request.
func matchedRequestRules(rules []types.MatchedRule) []int {
	ids := []int{}
	for _, m := range rules {
		id := m.Rule().ID()
		if id >= 911000 && id < 949000 && id%1000 >= 100 {
			ids = append(ids, id)
		}
	}
	return ids
}

func readRequests() ([]request, error) {
	var requests []request
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 16<<20)
	for scanner.Scan() {
		if len(scanner.Bytes()) == 0 {
			continue
		}
		var r request
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("line %d: %w", len(requests)+1, err)
		}
		requests = append(requests, r)
	}
	return requests, scanner.Err()
}

// throughput runs the requests round-robin on `workers` goroutines for about `d`; requests per second.
func throughput(waf coraza.WAF, requests []request, workers int, d time.Duration) float64 {
	var done atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(offset int) {
			defer wg.Done()
			for i := offset; time.Now().Before(deadline); i += workers {
				evaluate(waf, &requests[i%len(requests)])
				done.Add(1)
			}
		}(w)
	}
	wg.Wait()
	return float64(done.Load()) / time.Since(start).Seconds()
}

func main() {
	paranoia := flag.Int("paranoia", 1, "CRS blocking paranoia level (1-4)")
	bench := flag.Duration("bench", 0, "measure throughput for this long per mode instead of writing verdicts")
	flag.Parse()
	waf, err := newWAF(*paranoia)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot load CRS:", err)
		os.Exit(1)
	}
	requests, err := readRequests()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot read requests:", err)
		os.Exit(1)
	}
	if *bench > 0 {
		if len(requests) == 0 {
			fmt.Fprintln(os.Stderr, "no requests on stdin")
			os.Exit(1)
		}
		cores := runtime.GOMAXPROCS(0)
		single := throughput(waf, requests, 1, *bench)
		parallel := throughput(waf, requests, cores, *bench)
		out, _ := json.Marshal(map[string]any{"requests": len(requests), "paranoia": *paranoia, "single_goroutine_rps": single, "all_cores_rps": parallel, "cores": cores})
		fmt.Println(string(out))
		return
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	for i := range requests {
		if err := enc.Encode(evaluate(waf, &requests[i])); err != nil {
			fmt.Fprintln(os.Stderr, "cannot write:", err)
			os.Exit(1)
		}
	}
}
