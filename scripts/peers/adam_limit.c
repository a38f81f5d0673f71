// The hardware limit for a fused Adam step: one pass over p, g, m, v in C, 1e7 doubles. Build with
//   gcc -O3 -march=native -fno-math-errno -fopenmp adam_limit.c -lm
// (without -fno-math-errno GCC keeps sqrt scalar for errno, and the loop becomes compute-bound). compare.py runs it.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  long n=10000000; int steps=40;
  double *p=malloc(n*8),*g=malloc(n*8),*m=malloc(n*8),*v=malloc(n*8);
  for(long i=0;i<n;i++){p[i]=1e-3*(i%97);g[i]=1e-2*((i%13)-6);m[i]=0;v[i]=0;}
  double b1=0.9,b2=0.999,lr=1e-3,eps=1e-8; double best=1e9, times[64];
  for(int s=1;s<=steps;s++){
    double bc1=1-pow(b1,s), bc2=1-pow(b2,s), step=lr/bc1, sq=1/sqrt(bc2);
    double t0=now();
    #pragma omp parallel for schedule(static)
    for(long i=0;i<n;i++){double gi=g[i];double mi=b1*m[i]+(1-b1)*gi;double vi=b2*v[i]+(1-b2)*gi*gi;m[i]=mi;v[i]=vi;p[i]-=step*mi/(sqrt(vi)*sq+eps);}
    double dt=now()-t0; times[s-1]=dt; if(dt<best)best=dt;
  }
  // median
  for(int i=0;i<steps;i++)for(int j=i+1;j<steps;j++)if(times[j]<times[i]){double t=times[i];times[i]=times[j];times[j]=t;}
  printf("C fused Adam 1e7: median %.2f ms, best %.2f ms (p[1]=%g)\n",times[steps/2]*1e3,best*1e3,p[1]);
  return 0;
}
