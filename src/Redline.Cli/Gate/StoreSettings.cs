using System.ComponentModel;
using Redline.Results.History;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary>The option every command that reads or writes the history shares.</summary>
internal class StoreSettings : CommandSettings
{
    [CommandOption("--store <STORE>")]
    [Description("The history store: a SQLite file (default .redline/history.db) or a PostgreSQL connection string. Also REDLINE_STORE.")]
    public string? Store { get; init; }

    /// <summary>--store, else REDLINE_STORE, else null (the default SQLite file).</summary>
    public string? StoreAddress => Store ?? Environment.GetEnvironmentVariable("REDLINE_STORE");

    /// <summary>Opens the store, turning a bad address into a clear error (exit 2).</summary>
    public async Task<IHistoryStore> OpenStoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await HistoryStores.OpenAsync(StoreAddress, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"cannot open the history store {StoreAddress ?? HistoryStores.DefaultPath}: {exception.Message}");
        }
    }
}
