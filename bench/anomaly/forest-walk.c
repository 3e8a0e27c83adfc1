/*
 * The native reference for the anomaly processor's isolation-forest scoring: the agent's forest, exported
 * by bench/anomaly/forest-file.ts (and its complete-tree layout by layout-file.ts), scored in C over the
 * same rows in calls of each batch size, timed per repetition in process CPU time and wall time. Two ways:
 *
 *   walk    the plain node walk of the exported arrays (feature, threshold, children, leaf path length):
 *           tree by tree over the batch, each row following x[feature] <= threshold to its leaf;
 *   layout  the agent's own scoring loop on its complete-tree layout: rows ranked per feature once per
 *           batch, every tree walked to its fixed depth without data-dependent branches, four rows at a
 *           time or one row through four trees at a time (the same arithmetic as the agent's WebAssembly
 *           kernel, processors/anomaly/forest/forest-kernel.wat, compiled by gcc).
 *
 * Each way's scores are compared with the agent's (largest absolute difference in the output).
 * Usage: forest-walk FOREST LAYOUT ROWS AGENT_SCORES REPEATS SIZE[,SIZE...]
 * Prints one JSON object (bench/anomaly/timings.ts reads it).
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  int32_t trees, features, sample_size, nodes;
  int32_t *start, *feature, *left, *right;
  double *threshold, *leaf_path;
} forest_t;

typedef struct {
  int32_t trees, depth, shift, span, width;
  int32_t *nodes;
  double *leaf_value, *cuts;
} layout_t;

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "forest-walk: %s %s\n", what, detail);
  exit(1);
}

static unsigned char *slurp(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) fail("cannot open", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc(n > 0 ? (size_t)n : 1);
  if (data == NULL || fread(data, 1, (size_t)n, f) != (size_t)n) fail("cannot read", path);
  fclose(f);
  *size = (size_t)n;
  return data;
}

/* Copies `count` items of `width` bytes from the file at *at (arrays need not be aligned in the file). */
static void *take(const unsigned char *data, size_t size, size_t *at, size_t count, size_t width, const char *path) {
  size_t bytes = count * width;
  if (*at + bytes > size) fail("truncated file", path);
  void *out = malloc(bytes > 0 ? bytes : 1);
  memcpy(out, data + *at, bytes);
  *at += bytes;
  return out;
}

static forest_t read_forest(const char *path) {
  size_t size, at = 0;
  unsigned char *data = slurp(path, &size);
  forest_t f;
  int32_t *header = take(data, size, &at, 4, 4, path);
  f.trees = header[0], f.features = header[1], f.sample_size = header[2], f.nodes = header[3];
  f.start = take(data, size, &at, (size_t)f.trees + 1, 4, path);
  f.feature = take(data, size, &at, (size_t)f.nodes, 4, path);
  f.left = take(data, size, &at, (size_t)f.nodes, 4, path);
  f.right = take(data, size, &at, (size_t)f.nodes, 4, path);
  f.threshold = take(data, size, &at, (size_t)f.nodes, 8, path);
  f.leaf_path = take(data, size, &at, (size_t)f.nodes, 8, path);
  if (at != size) fail("trailing bytes in", path);
  free(header);
  free(data);
  return f;
}

static layout_t read_layout(const char *path) {
  size_t size, at = 0;
  unsigned char *data = slurp(path, &size);
  layout_t l;
  int32_t *header = take(data, size, &at, 5, 4, path);
  l.trees = header[0], l.depth = header[1], l.shift = header[2], l.span = header[3], l.width = header[4];
  size_t stride = (size_t)1 << l.depth;
  l.nodes = take(data, size, &at, (size_t)l.trees * stride, 4, path);
  l.leaf_value = take(data, size, &at, (size_t)l.trees * stride, 8, path);
  l.cuts = take(data, size, &at, (size_t)l.width * (size_t)l.span, 8, path);
  if (at != size) fail("trailing bytes in", path);
  free(header);
  free(data);
  return l;
}

/* c(n), as path-length.ts. */
static double average_path_length(double n) {
  if (n <= 1) return 0;
  if (n == 2) return 1;
  return 2 * (log(n - 1) + 0.5772156649015329) - 2 * (n - 1) / n;
}

/* s(x) = 2^(-E[h(x)] / c(psi)) as e^(-ln 2 * E[h(x)] / c(psi)), as the agent's toScores computes it. */
static void to_scores(double *out, int count, double scale) {
  const double factor = -log(2.0) / scale;
  for (int r = 0; r < count; r++) out[r] = exp(out[r] * factor);
}

/* The node walk: tree by tree, every row of the batch down to its leaf. */
static void score_walk(const forest_t *f, const double *rows, int count, double *out) {
  for (int r = 0; r < count; r++) out[r] = 0;
  for (int t = 0; t < f->trees; t++) {
    const int32_t base = f->start[t];
    const int32_t *feature = f->feature + base, *left = f->left + base, *right = f->right + base;
    const double *threshold = f->threshold + base, *leaf_path = f->leaf_path + base;
    for (int r = 0; r < count; r++) {
      const double *x = rows + (size_t)r * (size_t)f->features;
      int32_t node = 0, k = feature[0];
      while (k >= 0) {
        node = x[k] <= threshold[node] ? left[node] : right[node];
        k = feature[node];
      }
      out[r] += leaf_path[node];
    }
  }
  to_scores(out, count, average_path_length(f->sample_size) * f->trees);
}

/* How many of the feature's thresholds (cuts) are below `value`, in a fixed number of steps. */
static inline int32_t rank_of(const double *cuts, int32_t span, double value) {
  int32_t below = 0;
  for (int32_t step = span >> 1; step > 0; step >>= 1) below += step & -(int32_t)!(value <= cuts[below + step - 1]);
  return below + (int32_t)!(value <= cuts[below]);
}

/* The batch's values to threshold ranks, eight rows' binary searches side by side (the agent's rank in
 * processors/anomaly/forest/forest-kernel.wat). */
static void rank_rows(const layout_t *l, const double *rows, int count, int32_t *ranks) {
  const int32_t width = l->width, span = l->span, groups = count - count % 8;
  for (int32_t k = 0; k < width; k++) {
    const double *cuts = l->cuts + (size_t)k * span;
    for (int r = 0; r < groups; r += 8) {
      const int a0 = r * width + k, a1 = a0 + width, a2 = a1 + width, a3 = a2 + width, a4 = a3 + width, a5 = a4 + width, a6 = a5 + width, a7 = a6 + width;
      const double x0 = rows[a0], x1 = rows[a1], x2 = rows[a2], x3 = rows[a3], x4 = rows[a4], x5 = rows[a5], x6 = rows[a6], x7 = rows[a7];
      int32_t c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
      for (int32_t step = span >> 1; step > 0; step >>= 1) {
        c0 += step & -(int32_t)!(x0 <= cuts[c0 + step - 1]);
        c1 += step & -(int32_t)!(x1 <= cuts[c1 + step - 1]);
        c2 += step & -(int32_t)!(x2 <= cuts[c2 + step - 1]);
        c3 += step & -(int32_t)!(x3 <= cuts[c3 + step - 1]);
        c4 += step & -(int32_t)!(x4 <= cuts[c4 + step - 1]);
        c5 += step & -(int32_t)!(x5 <= cuts[c5 + step - 1]);
        c6 += step & -(int32_t)!(x6 <= cuts[c6 + step - 1]);
        c7 += step & -(int32_t)!(x7 <= cuts[c7 + step - 1]);
      }
      ranks[a0] = (c0 + (int32_t)!(x0 <= cuts[c0])) << l->shift;
      ranks[a1] = (c1 + (int32_t)!(x1 <= cuts[c1])) << l->shift;
      ranks[a2] = (c2 + (int32_t)!(x2 <= cuts[c2])) << l->shift;
      ranks[a3] = (c3 + (int32_t)!(x3 <= cuts[c3])) << l->shift;
      ranks[a4] = (c4 + (int32_t)!(x4 <= cuts[c4])) << l->shift;
      ranks[a5] = (c5 + (int32_t)!(x5 <= cuts[c5])) << l->shift;
      ranks[a6] = (c6 + (int32_t)!(x6 <= cuts[c6])) << l->shift;
      ranks[a7] = (c7 + (int32_t)!(x7 <= cuts[c7])) << l->shift;
    }
    for (int r = groups; r < count; r++) ranks[r * width + k] = rank_of(cuts, span, rows[r * width + k]) << l->shift;
  }
}

/* One ranked row's path lengths over all trees in order, four trees side by side (the agent's walkRow). */
static double row_path_length(const layout_t *l, const int32_t *x) {
  const int32_t depth = l->depth, stride = 1 << depth, mask = (1 << l->shift) - 1, quads = l->trees - l->trees % 4;
  double sum = 0;
  for (int32_t t = 0; t < quads; t += 4) {
    const int32_t *a0 = l->nodes + (size_t)t * stride, *a1 = a0 + stride, *a2 = a1 + stride, *a3 = a2 + stride;
    int32_t i0 = 1, i1 = 1, i2 = 1, i3 = 1;
    for (int32_t d = 0; d < depth; d++) {
      const int32_t n0 = a0[i0], n1 = a1[i1], n2 = a2[i2], n3 = a3[i3];
      i0 = 2 * i0 + (int32_t)((uint32_t)(n0 - x[n0 & mask]) >> 31);
      i1 = 2 * i1 + (int32_t)((uint32_t)(n1 - x[n1 & mask]) >> 31);
      i2 = 2 * i2 + (int32_t)((uint32_t)(n2 - x[n2 & mask]) >> 31);
      i3 = 2 * i3 + (int32_t)((uint32_t)(n3 - x[n3 & mask]) >> 31);
    }
    const double *leaf = l->leaf_value + (size_t)t * stride - stride; /* node numbers reached are stride .. 2 stride - 1 */
    sum += leaf[i0];
    sum += leaf[stride + i1];
    sum += leaf[2 * stride + i2];
    sum += leaf[3 * stride + i3];
  }
  for (int32_t t = quads; t < l->trees; t++) {
    const int32_t *nodes = l->nodes + (size_t)t * stride;
    int32_t i = 1;
    for (int32_t d = 0; d < depth; d++) {
      const int32_t n = nodes[i];
      i = 2 * i + (int32_t)((uint32_t)(n - x[n & mask]) >> 31);
    }
    sum += l->leaf_value[(size_t)t * stride + i - stride];
  }
  return sum;
}

/* The agent's complete-tree loop: rank the batch's values once, then every tree at fixed depth, 4 rows at a
 * time; the rows left over (all of a batch of fewer than four) through four trees at a time. */
static void score_layout(const layout_t *l, int32_t *ranks, const double *rows, int count, double *out, double scale) {
  const int32_t width = l->width, depth = l->depth, mask = (1 << l->shift) - 1;
  rank_rows(l, rows, count, ranks);
  for (int r = 0; r < count; r++) out[r] = 0;
  const int32_t stride = 1 << depth;
  const int groups = count - count % 4;
  for (int32_t t = 0; t < l->trees && groups > 0; t++) {
    const int32_t *nodes = l->nodes + (size_t)t * stride;
    const double *leaf = l->leaf_value + (size_t)t * stride - stride; /* node numbers reached are stride .. 2 stride - 1 */
    for (int r = 0; r < groups; r += 4) {
      const int32_t *x0 = ranks + r * width, *x1 = x0 + width, *x2 = x1 + width, *x3 = x2 + width;
      int32_t i0 = 1, i1 = 1, i2 = 1, i3 = 1;
      for (int32_t d = 0; d < depth; d++) {
        const int32_t n0 = nodes[i0], n1 = nodes[i1], n2 = nodes[i2], n3 = nodes[i3];
        i0 = 2 * i0 + (int32_t)((uint32_t)(n0 - x0[n0 & mask]) >> 31);
        i1 = 2 * i1 + (int32_t)((uint32_t)(n1 - x1[n1 & mask]) >> 31);
        i2 = 2 * i2 + (int32_t)((uint32_t)(n2 - x2[n2 & mask]) >> 31);
        i3 = 2 * i3 + (int32_t)((uint32_t)(n3 - x3[n3 & mask]) >> 31);
      }
      out[r] += leaf[i0];
      out[r + 1] += leaf[i1];
      out[r + 2] += leaf[i2];
      out[r + 3] += leaf[i3];
    }
  }
  for (int r = groups; r < count; r++) out[r] += row_path_length(l, ranks + r * width);
  to_scores(out, count, scale);
}

/* VmHWM: this program's own peak, unlike getrusage's ru_maxrss, which keeps the spawning process's peak across exec. */
static long peak_rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = 0;
  while (f != NULL && fgets(line, sizeof line, f) != NULL)
    if (strncmp(line, "VmHWM:", 6) == 0) kib = atol(line + 6);
  if (f != NULL) fclose(f);
  return kib;
}

static double seconds(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc != 7) fail("usage:", "forest-walk FOREST LAYOUT ROWS AGENT_SCORES REPEATS SIZE[,SIZE...]");
  const forest_t forest = read_forest(argv[1]);
  const layout_t layout = read_layout(argv[2]);
  size_t size;
  double *rows = (double *)slurp(argv[3], &size);
  const int count = (int)(size / 8 / (size_t)forest.features);
  double *expected = (double *)slurp(argv[4], &size);
  if ((int)(size / 8) != count) fail("scores and rows differ in number:", argv[4]);
  const int repeats = atoi(argv[5]);
  const double scale = average_path_length(forest.sample_size) * forest.trees;
  double *out = malloc((size_t)count * sizeof(double));
  int32_t *ranks = malloc((size_t)count * (size_t)layout.width * sizeof(int32_t));
  printf("{\"engine\":\"c\",\"rows\":%d,\"variants\":{", count);
  for (int variant = 0; variant < 2; variant++) {
    printf("%s\"%s\":{", variant == 0 ? "" : ",", variant == 0 ? "walk" : "layout");
    char sizes[256];
    snprintf(sizes, sizeof sizes, "%s", argv[6]);
    int first = 1;
    for (char *item = strtok(sizes, ","); item != NULL; item = strtok(NULL, ",")) {
      const int batch = atoi(item);
      double best_cpu = INFINITY, best_wall = INFINITY;
      for (int repeat = 0; repeat <= repeats; repeat++) { /* the first run warms the caches, untimed */
        const double cpu = seconds(CLOCK_PROCESS_CPUTIME_ID), wall = seconds(CLOCK_MONOTONIC);
        for (int at = 0; at < count; at += batch) {
          const int n = count - at < batch ? count - at : batch;
          if (variant == 0) score_walk(&forest, rows + (size_t)at * forest.features, n, out + at);
          else score_layout(&layout, ranks, rows + (size_t)at * forest.features, n, out + at, scale);
        }
        const double cpu_s = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu, wall_s = seconds(CLOCK_MONOTONIC) - wall;
        if (repeat > 0 && cpu_s < best_cpu) best_cpu = cpu_s;
        if (repeat > 0 && wall_s < best_wall) best_wall = wall_s;
      }
      double max_diff = 0;
      for (int r = 0; r < count; r++) max_diff = fmax(max_diff, fabs(out[r] - expected[r]));
      printf("%s\"%d\":{\"rows\":%d,\"cpu_s\":%.9g,\"wall_s\":%.9g,\"max_diff\":%.3g}", first ? "" : ",", batch, count, best_cpu, best_wall, max_diff);
      first = 0;
    }
    printf("}");
  }
  printf("},\"peak_rss_kib\":%ld}\n", peak_rss_kib());
  return 0;
}
