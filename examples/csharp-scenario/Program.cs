// Redline from C#: the same engine the CLI uses, with a scenario defined in code.
// It starts a small endpoint of its own, so it runs anywhere: dotnet run --project examples/csharp-scenario
using Redline.Engine;
using Redline.Protocols.Http;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls("http://127.0.0.1:0");
var app = builder.Build();
app.MapGet("/quote", async () =>
{
    await Task.Delay(15);
    return "a quote";
});
await app.StartAsync();
var baseUrl = new Uri(app.Urls.First());

// An HTTP step from Redline.Protocols, and a step that is plain C#: any code that returns an Outcome.
await using var http = new HttpTarget(baseUrl);
Step quote = http.CreateStep(HttpRequestSpec.Get("/quote"));
Step compute = (context, cancellationToken) =>
{
    var n = context.Random.Next(20, 25);
    return ValueTask.FromResult(Fibonacci(n) > 0 ? Outcome.Ok() : Outcome.Fail(ErrorKind.Other, "overflow"));
};

var plan = new ScenarioPlan
{
    Name = "from-csharp",
    Components = [new ComponentPlan("quote", quote, Weight: 70), new ComponentPlan("compute", compute, Weight: 30)],
    Load = new OpenLoad(RateSchedule.Constant(100, TimeSpan.FromSeconds(5)), ArrivalPattern.Poisson, 50, SaturationPolicy.Wait),
    Criteria = [Parse("response_time_p95", "<100ms"), Parse("quote.error_rate", "<1%")],
};

var result = await ScenarioRunner.RunAllAsync("csharp-example", [plan]);
var scenario = result.Scenarios[0];
foreach (var component in scenario.Components)
{
    var m = component.Measures;
    Console.WriteLine($"{component.Name,-8} {m.Requests,5} requests  p50 {m.Latency.P50,7:0.00} ms  p99 {m.Latency.P99,7:0.00} ms  errors {m.ErrorRatePercent:0.00}%");
}

foreach (var criterion in scenario.Criteria)
{
    Console.WriteLine($"{criterion.Name} {criterion.Expression}: {criterion.Actual} {criterion.Unit} {(criterion.Passed ? "pass" : "FAIL")}");
}

// Under .redline/, where runs' output goes and which git ignores, so a run leaves the repository clean.
var output = Path.Combine(".redline", "csharp-example", "results.json");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
ResultsJsonWriter.Write(result, output);
Console.WriteLine($"verdict: {ResultsJsonWriter.VerdictName(result.Verdict)}; {output} written");
await app.StopAsync();
return result.Verdict == Verdict.Passed ? 0 : 1;

static long Fibonacci(int n) => n < 2 ? n : Fibonacci(n - 1) + Fibonacci(n - 2);

static Criterion Parse(string name, string expression) =>
    Criterion.TryParse(name, expression, out var error) ?? throw new ArgumentException(error);
