using System.Data.Common;

namespace Redline.Results.History;

/// <summary>A prepared INSERT reused for many rows: set each column, then execute.</summary>
internal sealed class Insert : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly Dictionary<string, DbParameter> _parameters = new(StringComparer.Ordinal);

    public Insert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns)
    {
        _command = Db.Command(connection, transaction, $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})");
        foreach (var column in columns)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + column;
            parameter.Value = DBNull.Value;
            _command.Parameters.Add(parameter);
            _parameters[column] = parameter;
        }
    }

    public Insert Set(string column, object? value)
    {
        _parameters[column].Value = value ?? DBNull.Value;
        return this;
    }

    public Insert SetStats(string prefix, Engine.LatencyStats stats)
    {
        var values = StatsColumns.Values(stats);
        for (var i = 0; i < values.Length; i++)
        {
            Set(prefix + StatsColumns.Suffixes[i], values[i]);
        }

        return this;
    }

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        foreach (var parameter in _parameters.Values)
        {
            parameter.Value = DBNull.Value;
        }
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
