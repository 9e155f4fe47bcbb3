"""Independent SciPy SSIM/PSNR (Wang et al. 2004: 11x11 Gaussian sigma 1.5, K1 0.01, K2 0.03, L 1, valid
windows, mean over RGB) on two formula-defined float32 images; ImageQualityTest holds the Java metrics to it.

    /usr/bin/python3 training/tests/ssim_reference.py   # prints SSIM and PSNR
"""
import numpy as np
from scipy.ndimage import correlate1d
def img(w,h,f):
    y,x=np.mgrid[0:h,0:w].astype(np.float64)
    return np.stack([f(x,y,c) for c in range(3)]).astype(np.float32).astype(np.float64)
A=lambda x,y,c: 0.5+0.4*np.sin(0.3*x+0.2*y+c)
B=lambda x,y,c: 0.5+0.4*np.sin(0.3*x+0.2*y+c)*0.8+0.1*np.cos(0.5*x-0.3*y+2*c)
a=img(40,33,A); b=img(40,33,B)
k=np.exp(-((np.arange(11)-5)**2)/(2*1.5**2)); k/=k.sum()
def filt(z):
    z=correlate1d(z,k,axis=0,mode='constant'); z=correlate1d(z,k,axis=1,mode='constant')
    return z[5:-5,5:-5]
C1=1e-4;C2=9e-4; s=[]
for c in range(3):
    x=a[c];y=b[c]
    mx=filt(x);my=filt(y);sxx=filt(x*x)-mx*mx;syy=filt(y*y)-my*my;sxy=filt(x*y)-mx*my
    s.append((((2*mx*my+C1)*(2*sxy+C2))/((mx*mx+my*my+C1)*(sxx+syy+C2))).mean())
print(repr(float(np.mean(s))), repr(float(10*np.log10(1/np.mean((a-b)**2)))))
