// Command otelcol-peer is a minimal OpenTelemetry Collector distribution for the benchmarks in bench/otel-peer.ts,
// laid out the way the collector builder (ocb) generates one: a factory map per kind and otelcol.NewCommand.
// It holds only the components the benchmarks compare sidecar-ai with, so its size and start-up are those of a
// collector built for the same job rather than of the full contrib distribution.
package main

import (
	"log"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/otelcol"
)

func main() {
	info := component.BuildInfo{
		Command:     "otelcol-peer",
		Description: "OpenTelemetry Collector built for the sidecar-ai benchmarks",
		Version:     "0.148.0",
	}
	settings := otelcol.CollectorSettings{
		BuildInfo: info,
		Factories: components,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				ProviderFactories: []confmap.ProviderFactory{envprovider.NewFactory(), fileprovider.NewFactory()},
			},
		},
	}
	if err := otelcol.NewCommand(settings).Execute(); err != nil {
		log.Fatal(err)
	}
}
