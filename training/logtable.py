"""Validation x4 PSNR by step from training logs, as a Markdown table (the equal-step tables of docs/).

    /usr/bin/python3 training/logtable.py training/logs/main.csv training/logs/ablation.csv \
        training/logs/ablation2.csv --steps 400 700 1100 --mean 500 1100

Columns are the model variants in the order they first appear; --mean adds a row with the mean over every
validation in [from, to]. LABEL=PATH names a log's columns LABEL/<model>, for runs whose model names
collide (main and medium both train "guided" and "unguided")."""
import argparse, csv


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('logs', nargs='+')
    ap.add_argument('--steps', type=int, nargs='+', required=True)
    ap.add_argument('--mean', type=int, nargs=2, metavar=('FROM', 'TO'))
    a = ap.parse_args()
    val, models = {}, []
    for arg in a.logs:
        label, path = arg.split('=', 1) if '=' in arg else ('', arg)
        for r in csv.DictReader(open(path)):
            if r['val_psnr_x4']:
                name = label + '/' + r['model'] if label else r['model']
                val[(int(r['step']), name)] = float(r['val_psnr_x4'])
                if name not in models:
                    models.append(name)
    print('| step | ' + ' | '.join(models) + ' |')
    print('|---' * (len(models) + 1) + '|')
    for s in a.steps:
        print('| %d | ' % s + ' | '.join('%.2f' % val[(s, m)] if (s, m) in val else '-' for m in models) + ' |')
    if a.mean:
        lo, hi = a.mean
        cells = []
        for m in models:
            v = [x for (s, mm), x in val.items() if mm == m and lo <= s <= hi]
            cells.append('%.2f' % (sum(v) / len(v)) if v else '-')
        print('| mean of validations %d-%d | ' % (lo, hi) + ' | '.join(cells) + ' |')


if __name__ == '__main__':
    main()
