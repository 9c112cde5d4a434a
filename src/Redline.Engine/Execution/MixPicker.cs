namespace Redline.Engine;

/// <summary>Picks a component by the request mix's weights.</summary>
internal sealed class MixPicker
{
    private readonly double[] _cumulative;

    public MixPicker(IReadOnlyList<ComponentPlan> components)
    {
        _cumulative = new double[components.Count];
        var total = components.Sum(c => c.Weight);
        var running = 0.0;
        for (var i = 0; i < components.Count; i++)
        {
            running += components[i].Weight / total;
            _cumulative[i] = running;
        }

        _cumulative[^1] = 1.0;
    }

    /// <summary>The index of the component picked by one draw of <paramref name="random"/>.</summary>
    public int Pick(Random random)
    {
        if (_cumulative.Length == 1)
        {
            return 0;
        }

        var draw = random.NextDouble();
        var index = Array.BinarySearch(_cumulative, draw);
        index = index >= 0 ? index + 1 : ~index;
        return Math.Min(index, _cumulative.Length - 1);
    }
}
