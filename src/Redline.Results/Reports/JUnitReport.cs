using System.Globalization;
using System.Xml;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Results.Reports;

/// <summary>
/// JUnit XML, which CI systems show as tests: each success criterion is a test case, and so is each
/// regression check (one per metric and scope) when the run was compared with a baseline.
/// </summary>
public static class JUnitReport
{
    /// <summary>Writes the report; <paramref name="comparison"/> may be null when there was no baseline.</summary>
    public static void Write(Stream stream, RunResult current, RunComparison? comparison, RegressionSeverity failOn)
    {
        ArgumentNullException.ThrowIfNull(current);
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", $"redline {current.Suite}");
        foreach (var scenario in current.Scenarios)
        {
            var cases = Criteria(scenario).ToList();
            if (comparison is not null)
            {
                cases.AddRange(Regressions(comparison, scenario.Name, failOn));
            }

            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", $"{current.Suite}.{scenario.Name}");
            xml.WriteAttributeString("tests", Count(cases.Count));
            xml.WriteAttributeString("failures", Count(cases.Count(c => c.Failure is not null)));
            xml.WriteAttributeString("time", Seconds(scenario.Duration.TotalSeconds));
            foreach (var test in cases)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", $"{current.Suite}.{scenario.Name}.{test.Group}");
                xml.WriteAttributeString("name", test.Name);
                if (test.Failure is not null)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", test.Failure);
                    xml.WriteString(test.Detail);
                    xml.WriteEndElement();
                }
                else
                {
                    xml.WriteElementString("system-out", test.Detail);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static IEnumerable<Case> Criteria(ScenarioResult scenario) =>
        scenario.Criteria.Select(c =>
        {
            var actual = c.Actual is { } a ? $"{a.ToString("0.###", CultureInfo.InvariantCulture)} {c.Unit}" : c.Note ?? "not measured";
            var detail = $"{c.Name} {c.Expression}: actual {actual}";
            return new Case("criteria", $"{c.Name} {c.Expression}", c.Passed ? null : $"criterion failed: {detail}", detail);
        });

    private static IEnumerable<Case> Regressions(RunComparison comparison, string scenario, RegressionSeverity failOn)
    {
        foreach (var scope in comparison.Scopes.Where(s => s.Scenario == scenario))
        {
            foreach (var verdict in scope.Verdicts)
            {
                var failing = verdict.IsRegression && (verdict.Action == RegressionAction.BlockDeployment || verdict.Severity >= failOn);
                var name = scope.Component is null ? verdict.Metric : $"{scope.Component}.{verdict.Metric}";
                yield return new Case("regression", name, failing ? $"{verdict.Severity.ToSeedName()} regression: {verdict.Explanation}" : null, verdict.Explanation);
            }
        }

        if (comparison.Leaks.TryGetValue(scenario, out var leak))
        {
            var failing = leak.IsLeak && (leak.Action == RegressionAction.BlockDeployment || leak.Severity >= failOn);
            yield return new Case("regression", "memory_leak", failing ? $"{leak.Severity.ToSeedName()}: {leak.Explanation}" : null, leak.Explanation);
        }
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record Case(string Group, string Name, string? Failure, string Detail);
}
