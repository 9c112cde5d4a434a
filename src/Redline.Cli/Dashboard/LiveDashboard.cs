using Redline.Dashboard;
using Redline.Engine;

namespace Redline.Cli.Dashboard;

/// <summary><c>redline run --dashboard [ADDR]</c>: the live page and <c>/metrics</c> beside a run, fed by its per-second stream.</summary>
internal sealed class LiveDashboard : IAsyncDisposable
{
    /// <summary>The environment variable holding the token a dashboard on a non-loopback address requires.</summary>
    public const string TokenVariable = "REDLINE_DASHBOARD_TOKEN";

    private readonly DashboardServer _server;

    private LiveDashboard(LiveState state, DashboardServer server)
    {
        State = state;
        _server = server;
    }

    /// <summary>What the page and /metrics show.</summary>
    public LiveState State { get; }

    /// <summary>The sink to hand the engine.</summary>
    public IIntervalSink Sink => new DashboardSink(State);

    /// <summary>The page's address.</summary>
    public Uri Url => _server.Url;

    /// <summary>Starts the dashboard on <paramref name="address"/> (null: 127.0.0.1:5665) and says where it is; a bad address or a taken port is exit 2.</summary>
    public static async Task<LiveDashboard> StartAsync(string? address, CancellationToken cancellationToken)
    {
        var parsed = DashboardAddress.TryParse(address, out var error)
            ?? throw new UserFacingException(ExitCodes.BadInput, $"--dashboard {address}: {error}; nothing was run.");
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        var state = new LiveState();
        try
        {
            var server = await DashboardServer.StartAsync(state, parsed, token, cancellationToken).ConfigureAwait(false);
            // The token stays out of the message: whoever set it knows it.
            var shown = string.IsNullOrEmpty(token) ? server.Url.ToString() : server.Url.GetLeftPart(UriPartial.Path) + $" (with ?token=${TokenVariable})";
            Console.Error.WriteLine($"redline: dashboard at {shown}; /metrics for Prometheus");
            return new LiveDashboard(state, server);
        }
        catch (ArgumentException exception)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"--dashboard {parsed}: {exception.Message}; nothing was run.");
        }
        catch (IOException exception)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"--dashboard: {exception.Message}; nothing was run.");
        }
    }

    /// <summary>Sets <c>redline_regression_detected</c> from the comparison with the baseline.</summary>
    public void Compared(Results.Comparison.RunComparison comparison) =>
        State.Regressions = comparison.Regressions.Count() + comparison.Leaks.Values.Count(l => l.IsLeak);

    /// <summary>Shows the run's result on the page until Redline exits.</summary>
    public void Finish(RunResult result) => State.Finish(result);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
