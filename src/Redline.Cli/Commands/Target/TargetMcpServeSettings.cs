using System.ComponentModel;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Target;

/// <summary>The options of <c>redline target mcp-serve</c>.</summary>
internal sealed class TargetMcpServeSettings : ReferenceSettings
{
    [CommandOption("--parent <PID>")]
    [Description("Stop when the process with this id has gone (the deployment that started this server).")]
    public int? Parent { get; init; }

    protected override void CheckMore(List<string> problems)
    {
        if (Parent is <= 0)
        {
            problems.Add($"--parent: expected a process id, got {Parent}");
        }
    }
}
