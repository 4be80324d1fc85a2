import json, os, glob
pkgs = {}
for d in sorted(glob.glob('libs/*') + glob.glob('services/*')):
    pj = json.load(open(f'{d}/package.json'))
    pkgs[pj['name']] = (d, pj)
refs_all = []
for name, (d, pj) in pkgs.items():
    deps = [n for n in pj.get('dependencies', {}) if n in pkgs]
    cfg = {
        "extends": "../../tsconfig.base.json",
        "compilerOptions": {"rootDir": "src", "outDir": "dist", "tsBuildInfoFile": "dist/.tsbuildinfo"},
        "include": ["src"],
        "exclude": ["src/**/*.test.ts"],
        "references": [{"path": os.path.relpath(pkgs[n][0], d)} for n in deps],
    }
    json.dump(cfg, open(f'{d}/tsconfig.json', 'w'), indent=2); open(f'{d}/tsconfig.json','a').write('\n')
    refs_all.append({"path": d})
json.dump({"files": [], "references": refs_all}, open('tsconfig.json', 'w'), indent=2); open('tsconfig.json','a').write('\n')
