using Npgsql;
using Redline.Results.History;

namespace Redline.Results.Tests.History;

public sealed class StoreAddressTests
{
    [Theory]
    [InlineData(null, HistoryStoreKind.Sqlite, HistoryStores.DefaultPath)]
    [InlineData("", HistoryStoreKind.Sqlite, HistoryStores.DefaultPath)]
    [InlineData("  ", HistoryStoreKind.Sqlite, HistoryStores.DefaultPath)]
    [InlineData("runs/history.db", HistoryStoreKind.Sqlite, "runs/history.db")]
    [InlineData("sqlite:runs/h.db", HistoryStoreKind.Sqlite, "runs/h.db")]
    [InlineData("sqlite:///tmp/h.db", HistoryStoreKind.Sqlite, "/tmp/h.db")]
    [InlineData("Host=db;Database=redline", HistoryStoreKind.Postgres, "Host=db;Database=redline")]
    [InlineData("Username=u; host = db", HistoryStoreKind.Postgres, "Username=u; host = db")]
    public void Parse_StoreValue_PicksKindAndTarget(string? store, HistoryStoreKind kind, string target)
    {
        Assert.Equal((kind, target), StoreAddress.Parse(store));
    }

    [Theory]
    [InlineData("postgresql://redline:p%40ss@db.internal:6543/history?sslmode=require&application_name=ci")]
    [InlineData("postgres://redline:p%40ss@db.internal:6543/history?sslmode=require&application_name=ci")]
    public void Parse_PostgresUri_BecomesNpgsqlKeywords(string uri)
    {
        var (kind, target) = StoreAddress.Parse(uri);

        Assert.Equal(HistoryStoreKind.Postgres, kind);
        var builder = new NpgsqlConnectionStringBuilder(target);
        Assert.Equal(("db.internal", 6543, "redline", "p@ss", "history", SslMode.Require, "ci"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode, builder.ApplicationName));
    }

    [Fact]
    public void Parse_UnknownUriParameter_ThrowsWithoutThePassword()
    {
        var error = Assert.Throws<ArgumentException>(() => StoreAddress.Parse("postgresql://u:secret@db/x?bogus_option=1"));

        Assert.Contains("bogus_option", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_SqlitePathInNewDirectory_CreatesFileInWalMode()
    {
        var directory = Directory.CreateTempSubdirectory("redline-open-");
        try
        {
            var path = Path.Combine(directory.FullName, "nested", "history.db");
            await using (var store = await HistoryStores.OpenAsync(path))
            {
                Assert.Equal("sqlite:" + path, store.Location);
            }

            Assert.True(File.Exists(path));
            Assert.Equal("wal", await RawSql.TextAsync("sqlite:" + path, "PRAGMA journal_mode"));
            Assert.Equal(HistoryStoreKind.Sqlite, HistoryStores.KindOf(path));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
