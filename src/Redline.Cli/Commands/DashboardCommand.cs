using System.ComponentModel;
using Redline.Cli.Dashboard;
using Redline.Cli.Gate;
using Redline.Cli.Running;
using Redline.Dashboard;
using Redline.Dashboard.History;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands;

/// <summary><c>redline dashboard [ADDR]</c>: the history store as a page until Ctrl+C or SIGTERM.</summary>
internal sealed class DashboardCommand : AsyncCommand<DashboardCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var address = DashboardAddress.TryParse(settings.Address, out var error)
            ?? throw new UserFacingException(ExitCodes.BadInput, $"redline dashboard {settings.Address}: {error}");
        var token = Environment.GetEnvironmentVariable(LiveDashboard.TokenVariable);
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        using var stop = new ShutdownSignal();
        HistoryServer server;
        try
        {
            server = await HistoryServer.StartAsync(store, address, token, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"redline dashboard: {exception.Message}");
        }

        await using (server)
        {
            var shown = string.IsNullOrEmpty(token) ? server.Url.ToString() : server.Url.GetLeftPart(UriPartial.Path) + $" (with ?token=${LiveDashboard.TokenVariable})";
            Console.Error.WriteLine($"redline: dashboard at {shown} (the history in {store.Location}); Ctrl+C stops it");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop serving.
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>The options of <c>redline dashboard</c>.</summary>
    internal sealed class Settings : StoreSettings
    {
        [CommandArgument(0, "[ADDR]")]
        [Description("Where to serve: 127.0.0.1:5665 by default; :0 picks a free port. Another address than loopback needs REDLINE_DASHBOARD_TOKEN.")]
        public string? Address { get; init; }
    }
}
