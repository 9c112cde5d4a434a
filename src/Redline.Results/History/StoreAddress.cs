using System.Text.RegularExpressions;
using Npgsql;

namespace Redline.Results.History;

/// <summary>Reads a <c>--store</c> value: which database, and the path or Npgsql connection string for it.</summary>
internal static partial class StoreAddress
{
    public static (HistoryStoreKind Kind, string Target) Parse(string? store)
    {
        var value = store?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return (HistoryStoreKind.Sqlite, HistoryStores.DefaultPath);
        }

        if (value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["sqlite:".Length..];
            path = path.StartsWith("//", StringComparison.Ordinal) ? path[2..] : path;
            if (path.Length == 0)
            {
                throw new ArgumentException("The store 'sqlite:' names no file; write sqlite:PATH.", nameof(store));
            }

            return (HistoryStoreKind.Sqlite, path);
        }

        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return (HistoryStoreKind.Postgres, FromUri(value));
        }

        if (KeywordHost().IsMatch(value))
        {
            return (HistoryStoreKind.Postgres, value);
        }

        return (HistoryStoreKind.Sqlite, value);
    }

    /// <summary>A libpq-style URI (<c>postgresql://user:password@host:port/database?sslmode=require</c>) as an Npgsql keyword string.</summary>
    public static string FromUri(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            throw new ArgumentException($"'{Redact(uri)}' is not a PostgreSQL URI: write postgresql://user:password@host:port/database.", nameof(uri));
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = parsed.Host.Trim('[', ']') };
        if (parsed.Port > 0)
        {
            builder.Port = parsed.Port;
        }

        if (parsed.UserInfo.Length > 0)
        {
            var colon = parsed.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? parsed.UserInfo : parsed.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(parsed.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(parsed.AbsolutePath.Trim('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            var keyword = key.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "application_name" => "Application Name",
                "connect_timeout" => "Timeout",
                "options" => "Options",
                "target_session_attrs" => "Target Session Attributes",
                _ => key,
            };
            try
            {
                builder[keyword] = value;
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"'{Redact(uri)}': unsupported parameter '{key}' ({e.Message}).", nameof(uri), e);
            }
        }

        return builder.ConnectionString;
    }

    /// <summary><paramref name="uri"/> with any password replaced, for messages.</summary>
    public static string Redact(string uri) => UriPassword().Replace(uri, "$1:***@");

    // Npgsql's keyword strings name the server with Host (or its alias Server).
    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordHost();

    [GeneratedRegex(@"(://[^:/@]+):[^@/]*@")]
    private static partial Regex UriPassword();
}
