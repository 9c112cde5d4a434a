using System.Data.Common;
using System.Text;

namespace Redline.Results.History;

/// <summary>Turns a <see cref="RunQuery"/> into a WHERE/ORDER/LIMIT tail over <c>runs r</c>.</summary>
internal static class RunFilter
{
    public static (string Sql, Action<DbCommand> Bind) Build(RunQuery query)
    {
        var sql = new StringBuilder("WHERE 1 = 1");
        var binds = new List<Action<DbCommand>>();

        void Where(string condition, string name, object value)
        {
            sql.Append(" AND ").Append(condition);
            binds.Add(c => c.With(name, value));
        }

        if (query.ExcludeAborted)
        {
            sql.Append(" AND r.verdict <> 'aborted'");
        }

        if (query.Suite is { } suite)
        {
            Where("r.suite = @suite", "@suite", suite);
        }

        if (query.Scenario is { } scenario)
        {
            Where("EXISTS (SELECT 1 FROM scenarios s WHERE s.run_id = r.id AND s.name = @scenario)", "@scenario", scenario);
        }

        if (query.Branch is { } branch)
        {
            Where("r.git_branch = @branch", "@branch", branch);
        }

        if (query.Fingerprint is { } fingerprint)
        {
            Where("r.fingerprint = @fingerprint", "@fingerprint", fingerprint);
        }

        if (query.Since is { } since)
        {
            Where("r.started_at >= @since", "@since", Db.Millis(since));
        }

        if (query.Until is { } until)
        {
            Where("r.started_at < @until", "@until", Db.Millis(until));
        }

        if (query.ExcludeRunId is { } exclude)
        {
            Where("r.id <> @exclude", "@exclude", exclude);
        }

        var i = 0;
        foreach (var (name, value) in query.Labels ?? new Dictionary<string, string>())
        {
            sql.Append($" AND EXISTS (SELECT 1 FROM run_labels l WHERE l.run_id = r.id AND l.name = @ln{i} AND l.value = @lv{i})");
            var (n, v, index) = (name, value, i);
            binds.Add(c => c.With($"@ln{index}", n).With($"@lv{index}", v));
            i++;
        }

        if (query.Commits is { } commits)
        {
            if (commits.Count == 0)
            {
                sql.Append(" AND 1 = 0");
            }
            else
            {
                var list = commits.ToList();
                sql.Append(" AND r.git_commit IN (");
                sql.Append(string.Join(", ", list.Select((_, k) => $"@commit{k}")));
                sql.Append(')');
                binds.Add(c =>
                {
                    for (var k = 0; k < list.Count; k++)
                    {
                        c.With($"@commit{k}", list[k]);
                    }
                });
            }
        }

        sql.Append(" ORDER BY r.started_at DESC, r.id DESC");
        if (query.Limit is { } limit)
        {
            if (limit < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(query), limit, "A run query's limit cannot be negative.");
            }

            sql.Append(" LIMIT @limit");
            binds.Add(c => c.With("@limit", (long)limit));
        }

        return (sql.ToString(), c => binds.ForEach(b => b(c)));
    }

    public static RunQuery ForBaseline(BaselineQuery query) => new()
    {
        Suite = query.Suite,
        Scenario = query.Scenario.Length == 0 ? null : query.Scenario,
        Branch = query.Branch,
        Fingerprint = query.Fingerprint,
        ExcludeRunId = query.ExcludeRunId,
        ExcludeAborted = true,
        Until = query.Before,
        Commits = query.Commits,
        Limit = 1,
    };
}
